// Node only: finds a WebGPU adapter through Dawn (the `webgpu` package).
// When Dawn finds no adapter on Linux we retry with SwiftShader, Chromium's CPU Vulkan
// driver, because a machine without a GPU is the common case on servers and CI.
// The Vulkan loader reads VK_ICD_FILENAMES when Dawn creates an instance, so setting
// it and creating a fresh instance is enough; no restart is needed.
import { existsSync, readFileSync } from 'node:fs';
import { DeviceError } from './errors.js';

const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/usr/lib64/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
  '/snap/chromium/current/usr/lib/chromium-browser/vk_swiftshader_icd.json',
];

// The instance must outlive every adapter and device made from it.
let instances: GPU[] = [];

async function tryInstance(create: (flags: string[]) => GPU, tried: string[], how: string) {
  tried.push(how);
  const gpu = create([]);
  instances.push(gpu);
  return gpu.requestAdapter({ powerPreference: 'high-performance' });
}

export async function nodeAdapter(): Promise<{ adapter: GPUAdapter; via: string }> {
  process.env.XDG_RUNTIME_DIR ??= '/tmp'; // silences a Vulkan loader warning
  const { create } = await import('webgpu');
  const tried: string[] = [];
  const fromEnv = process.env.VK_ICD_FILENAMES;
  let adapter = await tryInstance(create, tried,
    fromEnv ? `Dawn with VK_ICD_FILENAMES=${fromEnv}` : "Dawn's default drivers");
  if (adapter) return { adapter, via: 'dawn' };
  if (process.platform === 'linux') {
    const wanted = process.env.TAPEGRAD_VK_ICD;
    const candidates = wanted ? [wanted] : SWIFTSHADER_ICDS;
    const found = candidates.filter((p) => existsSync(p));
    if (found.length === 0) tried.push(`SwiftShader (no ICD at ${candidates.join(', ')})`);
    for (const icd of found) checkIcd(icd);
    for (const icd of found) {
      process.env.VK_ICD_FILENAMES = icd;
      adapter = await tryInstance(create, tried, `SwiftShader via ${icd}`);
      if (adapter) return { adapter, via: `swiftshader (${icd})` };
    }
  }
  throw new DeviceError(noAdapterMessage(tried));
}

// The Vulkan loader crashes on an ICD file that is not one, so look inside first.
function checkIcd(path: string): void {
  let library: unknown;
  try {
    library = (JSON.parse(readFileSync(path, 'utf8')) as { ICD?: { library_path?: unknown } })
      .ICD?.library_path;
  } catch {
    library = undefined;
  }
  if (typeof library !== 'string') {
    throw new DeviceError(`${path} is not a Vulkan ICD file (no ICD.library_path in it)` +
      '\nhint: point TAPEGRAD_VK_ICD at vk_swiftshader_icd.json');
  }
}

function noAdapterMessage(tried: string[]): string {
  const fix = process.platform === 'linux'
    ? 'install a Vulkan driver, or SwiftShader for the CPU: ' +
      '`sudo apt-get install -y libvulkan1 chromium` (or `npm run setup`); ' +
      'TAPEGRAD_VK_ICD=/path/to/vk_swiftshader_icd.json picks another ICD'
    : 'update the GPU driver (Metal on macOS, D3D12 on Windows)';
  return `no WebGPU adapter found; tried ${tried.join('; ')}\nhint: ${fix}`;
}

export function releaseNodeInstances(): void {
  instances = [];
}
