// Reuses GPU buffers by size. A training step allocates the same shapes every time,
// so freed buffers are parked per byte size and handed out again; WebGPU orders all
// work on one queue, so a buffer freed by one dispatch and reused by a later one is safe.

export const BufferUsage = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
} as const;

const TENSOR_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

export interface MemoryStats {
  /** Buffers handed out and not yet released. */
  liveBuffers: number;
  liveBytes: number;
  /** Buffers parked for reuse. */
  pooledBuffers: number;
  pooledBytes: number;
}

/** Bytes a tensor of `bytes` really takes: a multiple of 16, never 0 (no empty bindings). */
export function bufferBytes(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

export class BufferPool {
  private free = new Map<number, GPUBuffer[]>();
  private stats: MemoryStats = { liveBuffers: 0, liveBytes: 0, pooledBuffers: 0, pooledBytes: 0 };

  constructor(private device: GPUDevice) {}

  acquire(bytes: number, label: string): GPUBuffer {
    const size = bufferBytes(bytes);
    const parked = this.free.get(size)?.pop();
    this.stats.liveBuffers++;
    this.stats.liveBytes += size;
    if (parked) {
      this.stats.pooledBuffers--;
      this.stats.pooledBytes -= size;
      return parked;
    }
    return this.device.createBuffer({ size, usage: TENSOR_USAGE, label });
  }

  release(buffer: GPUBuffer): void {
    const size = buffer.size;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(buffer);
    this.stats.liveBuffers--;
    this.stats.liveBytes -= size;
    this.stats.pooledBuffers++;
    this.stats.pooledBytes += size;
  }

  memory(): MemoryStats {
    return { ...this.stats };
  }
}
