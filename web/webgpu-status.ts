// Finds WebGPU once, when the page opens. Without it the page says why and how to turn
// it on; choosing data and seeing its preprocessing still work, only training is off.
import { info, init } from '../src/index.js';
import { byId, el, setStatus } from './dom.js';

const HOW_TO_ENABLE = [
  'Chrome or Edge 113 or newer have WebGPU on Windows, macOS and ChromeOS. On Linux, ' +
    'open chrome://flags/#enable-unsafe-webgpu, set it to Enabled and relaunch (or start ' +
    'Chromium with --enable-unsafe-webgpu --enable-features=Vulkan).',
  'Without a usable GPU, Chromium can compute on the CPU: add ' +
    '--use-webgpu-adapter=swiftshader to the flags above.',
  'Firefox 141 or newer has WebGPU on Windows; elsewhere set dom.webgpu.enabled in ' +
    'about:config. Safari has it from version 26.',
  'WebGPU needs a secure page: open it at the http://127.0.0.1 address that ' +
    'npm run demo prints, not through another host name.',
];

function showNoWebGpu(reason: string): void {
  setStatus('gpu-status', 'missing', 'WebGPU: not available; training is off');
  const banner = byId('no-webgpu');
  banner.replaceChildren(
    el('strong', {}, 'This browser gives the page no WebGPU, so it cannot train.'),
    el('pre', {}, reason),
    el('p', {}, 'To enable it:'),
    el('ul', {}, ...HOW_TO_ENABLE.map((line) => el('li', {}, line))),
  );
  banner.hidden = false;
}

/** Acquires the device; true when training can run. */
export async function startWebGpu(): Promise<boolean> {
  if (!window.isSecureContext) {
    showNoWebGpu(`${location.origin} is not a secure context, and browsers offer WebGPU ` +
      'only to secure ones.');
    return false;
  }
  if (!('gpu' in navigator) || !navigator.gpu) {
    showNoWebGpu('navigator.gpu is missing: WebGPU is off or unsupported here.');
    return false;
  }
  try {
    await init();
  } catch (e) {
    showNoWebGpu((e as Error).message);
    return false;
  }
  setStatus('gpu-status', 'ready', `WebGPU: ${info().adapter}`);
  return true;
}
