// Acquires the GPU. This is the only module that knows a browser from Node:
// navigator.gpu when there is one, else Dawn through the `webgpu` package.
import { debugLog } from './debug.js';
import { DeviceError } from './errors.js';

export interface AcquiredDevice {
  device: GPUDevice;
  /** What the adapter says it is, e.g. "google swiftshader (SwiftShader driver)". */
  description: string;
  /** How it was found: 'navigator.gpu', 'dawn' or 'swiftshader (path)'. */
  via: string;
  /** A software rasteriser on the CPU (SwiftShader, llvmpipe, WARP). */
  cpuAdapter: boolean;
}

// Limits we raise to what the adapter offers: big tensors need large storage
// bindings, and the defaults (128 MiB) are far below what most adapters allow.
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBuffersPerShaderStage',
] as const;

async function findAdapter(): Promise<{ adapter: GPUAdapter; via: string }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) {
    const adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) {
      throw new DeviceError('navigator.gpu gave no adapter\nhint: enable WebGPU in this ' +
        'browser (chrome://flags/#enable-unsafe-webgpu), or try a recent Chrome or Edge');
    }
    return { adapter, via: 'navigator.gpu' };
  }
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (!isNode) {
    throw new DeviceError('this browser has no WebGPU (navigator.gpu is missing)\n' +
      'hint: use a recent Chrome or Edge, or enable WebGPU in its flags');
  }
  const { nodeAdapter } = await import('./node-adapter.js');
  return nodeAdapter();
}

function describe(info: GPUAdapterInfo | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device].filter((s) => !!s);
  const text = parts.join(' ');
  return info.description ? `${text} (${info.description})` : text || 'unknown adapter';
}

export async function acquireDevice(): Promise<AcquiredDevice> {
  const { adapter, via } = await findAdapter();
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  // NOTE: Dawn's robustness (every storage index clamped) stays on. Its toggle
  // disable_robustness doubled copy bandwidth on SwiftShader (1.74 -> 3.57 GB/s), but
  // user WGSL (defineOp) could then read and write out of bounds.
  const device = await adapter.requestDevice({ requiredLimits, label: 'tapegrad device' });
  const description = describe(adapter.info);
  const cpuAdapter = !!(adapter.info as { isFallbackAdapter?: boolean }).isFallbackAdapter ||
    /swiftshader|llvmpipe|lavapipe|warp/i.test(description);
  debugLog(1, `adapter: ${description} via ${via}; maxStorageBufferBindingSize=` +
    `${device.limits.maxStorageBufferBindingSize}`);
  return { device, description, via, cpuAdapter };
}
