// The device the library computes on, and tensor creation on it. `init()` picks the
// backend once: 'webgpu' (the default) or 'cpu', the float64 reference.
import { takeCensus, type BufferCensus, type CensusReader } from './buffer-census.js';
import { Gpu } from './gpu.js';
import { TensorError } from './errors.js';
import type { MemoryStats } from './pool.js';
import { emptyTensor, leafTensor, type Backend, type TensorOptions } from './tensor.js';
import { checkShape, type Shape } from './shape.js';
import type { Tensor } from './tensor.js';

let gpu: Gpu | null = null;
let census: CensusReader | null = null;
let backend: Backend | null = null;

export interface RuntimeInfo {
  backend: Backend;
  /** The adapter's description, or 'float64 reference on the CPU'. */
  adapter: string;
}

/** Acquires the device (once; again after close() or a device loss). */
export async function init(opts: { backend?: Backend } = {}): Promise<RuntimeInfo> {
  backend = opts.backend ?? 'webgpu';
  if (backend === 'webgpu' && (!gpu || gpu.lost)) {
    gpu = await Gpu.create();
    census = takeCensus(gpu.device); // the Gpu makes its buffers lazily, so none is missed
  }
  return info();
}

export function info(): RuntimeInfo {
  if (!backend) throw new TensorError('tapegrad: not initialised\nhint: call `await init()` first');
  const adapter = backend === 'cpu' ? 'float64 reference on the CPU' : gpu!.description;
  return { backend, adapter };
}

/** The current GPU, or null on the cpu backend. */
export function currentGpu(op = 'tensor', wanted?: Backend): Gpu | null {
  const b = wanted ?? backend;
  if (b === 'cpu') return null;
  if (!gpu) {
    throw new TensorError(`${op}: no GPU device yet\nhint: call \`await init()\` first`);
  }
  return gpu;
}

/** The GPU device when one is initialised and not lost, whatever the default backend. */
export function existingGpu(): Gpu | null {
  return gpu && !gpu.lost ? gpu : null;
}

/** Waits for the GPU, then releases it; the process can exit afterwards. */
export async function close(): Promise<void> {
  const closing = gpu;
  gpu = null;
  census = null;
  backend = null;
  if (!closing) return;
  if (!closing.lost) await closing.settle();
  closing.destroy();
}

export interface CreateOptions extends TensorOptions {
  backend?: Backend;
}

/** A tensor holding `values` in row-major order. */
export function tensor(values: ArrayLike<number>, shape: Shape, opts: CreateOptions = {}): Tensor {
  return leafTensor(values, shape, currentGpu('tensor', opts.backend), opts);
}

export function zeros(shape: Shape, opts: CreateOptions = {}): Tensor {
  checkShape('zeros', shape);
  const device = currentGpu('zeros', opts.backend);
  const t = emptyTensor(shape, device, opts.name ?? 'zeros', true);
  if (device) device.clear(t.buffer, t.size * 4);
  t.requiresGrad = opts.requiresGrad ?? false;
  t.name = opts.name;
  return t;
}

export type Memory = MemoryStats & BufferCensus;

/**
 * GPU memory now: tensors alive and parked in the pool (MemoryStats), and every buffer
 * the device holds, with the uniforms and read staging buffers among them (BufferCensus).
 * All zeros on the cpu backend and before init().
 */
export function memory(): Memory {
  const none = { deviceBuffers: 0, deviceBytes: 0, uniformBuffers: 0, stagingBuffers: 0 };
  if (!gpu) return { liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0, ...none };
  return { ...gpu.pool.memory(), ...(census?.() ?? none) };
}
