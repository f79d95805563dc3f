// The GPU as the ops see it: one command encoder that collects dispatches until
// something needs the results (a read) or must run after them (a queue write),
// small uniform buffers cached by content, and the buffer pool.
import { PipelineCache, type Compiled } from '../shaders/pipeline-cache.js';
import { acquireDevice } from './device.js';
import { debugLog } from './debug.js';
import { DeviceLostError, internal } from './errors.js';
import { BufferPool, BufferUsage } from './pool.js';

// Dispatches per submit: long enough to keep the queue busy, short enough that
// the encoder's memory stays small during a long epoch.
const DISPATCHES_PER_SUBMIT = 512;
const MAX_CACHED_UNIFORMS = 4096;
const MAX_CACHED_BIND_GROUPS = 8192;

export class Gpu {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private pending = 0;
  private byLabel = new Map<string, Compiled>();
  private uniforms = new Map<string, GPUBuffer>();
  private bindGroups = new Map<string, GPUBindGroup>();
  private bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 1;
  private staging = new Map<number, GPUBuffer[]>();
  private lostReason: string | null = null;
  private validationError: string | null = null;
  private readonly lostSignal: Promise<never>;

  constructor(
    readonly device: GPUDevice,
    readonly description: string,
    readonly via: string,
    /** A software adapter (SwiftShader): kernels pick shapes that suit a CPU. */
    readonly cpuAdapter = false,
  ) {
    this.pool = new BufferPool(device);
    this.pipelines = new PipelineCache(device);
    this.lostSignal = device.lost.then((info) => {
      this.lostReason = `${info.reason}${info.message ? `: ${info.message}` : ''}`;
      throw this.lostError('read');
    });
    this.lostSignal.catch(() => {}); // observed by races below; never unhandled
    device.onuncapturederror = (event) => {
      this.validationError ??= event.error.message;
    };
  }

  static async create(): Promise<Gpu> {
    const { device, description, via, cpuAdapter } = await acquireDevice();
    return new Gpu(device, description, via, cpuAdapter);
  }

  get lost(): boolean {
    return this.lostReason !== null;
  }

  private lostError(op: string): DeviceLostError {
    return new DeviceLostError(`${op}: the GPU device was lost (${this.lostReason ?? 'lost'})` +
      '\nhint: call init() again to get a new device');
  }

  /** Throws when the device can no longer run `op`. */
  check(op: string): void {
    if (this.lostReason !== null) throw this.lostError(op);
    if (this.validationError !== null) {
      const message = this.validationError;
      this.validationError = null;
      throw internal(`WebGPU reported an error before ${op}: ${message}`);
    }
  }

  /**
   * The pipeline of the variant named `label`; `wgsl` makes its source, called only the
   * first time (a label names one variant, so the text is built once, not per dispatch).
   */
  compile(label: string, wgsl: () => string): Compiled {
    let hit = this.byLabel.get(label);
    if (!hit) this.byLabel.set(label, (hit = this.pipelines.get(label, wgsl())));
    return hit;
  }

  /** A uniform buffer holding `words`, shared by every dispatch with the same values. */
  uniform(words: Uint32Array | Float32Array): GPUBuffer {
    const bytes = new Uint32Array(words.buffer, words.byteOffset, words.length);
    const key = bytes.join(',');
    const hit = this.uniforms.get(key);
    if (hit) return hit;
    if (this.uniforms.size >= MAX_CACHED_UNIFORMS) this.dropUniforms();
    const size = Math.max(16, Math.ceil(bytes.byteLength / 16) * 16);
    const buffer = this.device.createBuffer({
      size, usage: BufferUsage.UNIFORM, mappedAtCreation: true, label: `uniform ${key}`,
    });
    new Uint32Array(buffer.getMappedRange()).set(bytes);
    buffer.unmap();
    this.uniforms.set(key, buffer);
    return buffer;
  }

  private dropUniforms(): void {
    this.flush(); // pending work may still bind them
    for (const b of this.uniforms.values()) b.destroy();
    this.uniforms.clear();
  }

  private commandEncoder(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder({ label: 'tapegrad commands' });
    return this.encoder;
  }

  // Bind groups are cached by pipeline and buffers: a training step binds the same
  // pooled buffers every time, and creating a bind group per dispatch costs more on the
  // CPU than the dispatch itself for small kernels.
  private bindGroup(kernel: Compiled, buffers: GPUBuffer[], label: string): GPUBindGroup {
    let key = String(kernel.id);
    for (const b of buffers) {
      let id = this.bufferIds.get(b);
      if (id === undefined) this.bufferIds.set(b, (id = this.nextBufferId++));
      key += `,${id}`;
    }
    let group = this.bindGroups.get(key);
    if (!group) {
      if (this.bindGroups.size >= MAX_CACHED_BIND_GROUPS) this.bindGroups.clear();
      group = this.device.createBindGroup({
        label,
        layout: kernel.layout,
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      this.bindGroups.set(key, group);
    }
    return group;
  }

  dispatch(kernel: Compiled, buffers: GPUBuffer[], groups: readonly number[], label: string) {
    if (groups.some((g) => g === 0)) return;
    const bindGroup = this.bindGroup(kernel, buffers, label);
    this.pass ??= this.commandEncoder().beginComputePass({ label: 'tapegrad pass' });
    this.pass.setPipeline(kernel.pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(groups[0] ?? 1, groups[1] ?? 1, groups[2] ?? 1);
    debugLog(3, `dispatch ${label} [${groups.join(', ')}]`);
    if (++this.pending >= DISPATCHES_PER_SUBMIT) this.flush();
  }

  private endPass(): GPUCommandEncoder {
    this.pass?.end();
    this.pass = null;
    return this.commandEncoder();
  }

  /** Sets `bytes` bytes of `buffer` to zero, in order with the dispatches. */
  clear(buffer: GPUBuffer, bytes: number): void {
    if (bytes > 0) this.endPass().clearBuffer(buffer, 0, Math.ceil(bytes / 4) * 4);
  }

  /** Copies the first `bytes` bytes of `src` into `dst` at `dstOffset` (a multiple of 4),
   * in order with the dispatches. */
  copy(src: GPUBuffer, dst: GPUBuffer, bytes: number, dstOffset = 0): void {
    const size = Math.ceil(bytes / 4) * 4;
    if (bytes > 0) this.endPass().copyBufferToBuffer(src, 0, dst, dstOffset, size);
  }

  /** Submits what was encoded so far. */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    const commands = this.encoder.finish();
    this.encoder = null;
    this.pending = 0;
    this.device.queue.submit([commands]);
  }

  /** Writes `data` into `buffer` after everything encoded so far. */
  write(buffer: GPUBuffer, data: ArrayBufferView<ArrayBuffer>, offset = 0): void {
    this.flush(); // a queue write would otherwise overtake the pending dispatches
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.device.queue.writeBuffer(buffer, offset, bytes, 0, Math.ceil(bytes.byteLength / 4) * 4);
  }

  /** Copies `bytes` bytes of `buffer` back to the CPU, in order with the dispatches. */
  async read(buffer: GPUBuffer, bytes: number, op = 'read'): Promise<ArrayBuffer> {
    this.check(op);
    if (bytes === 0) return new ArrayBuffer(0);
    const size = Math.ceil(bytes / 4) * 4;
    const staging = this.takeStaging(size);
    this.endPass().copyBufferToBuffer(buffer, 0, staging, 0, size);
    this.flush();
    await Promise.race([staging.mapAsync(0x1 /* GPUMapMode.READ */, 0, size), this.lostSignal])
      .catch((e: unknown) => {
        if (this.lost) throw this.lostError(op);
        throw e;
      });
    const copy = staging.getMappedRange(0, size).slice(0, bytes);
    staging.unmap();
    this.parkStaging(staging);
    return copy;
  }

  // Each read has a staging buffer of its own, so reads in flight never share one.
  private takeStaging(size: number): GPUBuffer {
    return this.staging.get(size)?.pop() ?? this.device.createBuffer({
      size, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST, label: `staging ${size}`,
    });
  }

  private parkStaging(buffer: GPUBuffer): void {
    let list = this.staging.get(buffer.size);
    if (!list) this.staging.set(buffer.size, (list = []));
    list.push(buffer);
  }

  /** Destroys a buffer of ours after submitting the pending work that may still use it. */
  destroyBuffer(buffer: GPUBuffer): void {
    this.flush();
    buffer.destroy();
  }

  /** Waits until the GPU has finished everything submitted. */
  async settle(): Promise<void> {
    this.flush();
    if (this.lost) return;
    await Promise.race([this.device.queue.onSubmittedWorkDone(), this.lostSignal])
      .catch((e: unknown) => {
        if (!this.lost) throw e; // a lost device has nothing left to wait for
      });
  }

  destroy(): void {
    this.encoder = null;
    this.pass = null;
    this.device.destroy();
  }
}
