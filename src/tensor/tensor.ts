// The tensor: a shape, its storage (a GPU buffer, or a Float64Array on the CPU
// reference backend) and its gradient. No math here: ops live in ./ops.
import { TensorError, fmtShape, internal } from './errors.js';
import type { Gpu } from './gpu.js';
import { afterGpuRead } from './nan-check.js';
import { checkShape, sizeOf, type Shape } from './shape.js';

export type Backend = 'webgpu' | 'cpu';
export type TensorData = Float32Array | Float64Array;

let nextId = 1;
const scopes: Set<Tensor>[] = [];
// While backward runs, tensors the user disposed but the tape still holds stay usable:
// that is what deferring their release is for.
let tapeAccess = 0;

/** Runs `fn` (a backward pass) with access to disposed tensors the tape still holds. */
export function withTapeAccess<T>(fn: () => T): T {
  tapeAccess++;
  try {
    return fn();
  } finally {
    tapeAccess--;
  }
}

export class Tensor {
  readonly id = nextId++;
  readonly size: number;
  /** Gradient of the last backward() with respect to this tensor (leaves only). */
  grad: Tensor | null = null;
  requiresGrad = false;
  name: string | undefined;
  /** Tape entries that still need this tensor; its storage outlives dispose() until then. */
  tapeRefs = 0;
  private disposedByUser = false;
  private released = false;

  constructor(
    readonly shape: Shape,
    readonly gpu: Gpu | null,
    private storage: GPUBuffer | Float64Array,
    /** True for tensors made by the user rather than by an op. */
    readonly isLeaf = false,
  ) {
    this.size = sizeOf(shape);
    scopes[scopes.length - 1]?.add(this);
  }

  get backend(): Backend {
    return this.gpu ? 'webgpu' : 'cpu';
  }

  get disposed(): boolean {
    return this.disposedByUser;
  }

  /** The GPU buffer (webgpu backend). */
  get buffer(): GPUBuffer {
    if (this.released) throw internal(`${this} used after its storage was released`);
    if (!(this.storage instanceof Float64Array)) return this.storage;
    throw internal(`${this} lives on the CPU, not on the GPU`);
  }

  /** The values (cpu backend). */
  get data(): Float64Array {
    if (this.released) throw internal(`${this} used after its storage was released`);
    if (this.storage instanceof Float64Array) return this.storage;
    throw internal(`${this} lives on the GPU; use await read()`);
  }

  /** Copies the values back: Float32Array from the GPU, Float64Array on the CPU backend. */
  async read(): Promise<TensorData> {
    this.assertUsable('read');
    if (!this.gpu) return this.data.slice();
    const values = new Float32Array(await this.gpu.read(this.buffer, this.size * 4, 'read'));
    await afterGpuRead(this.gpu, `read of ${this}`); // the opt-in NaN/Inf check
    return values;
  }

  /** The single value of a one-element tensor. */
  async item(): Promise<number> {
    if (this.size !== 1) {
      throw new TensorError('item: needs a tensor of one element; got shape ' +
        fmtShape(this.shape));
    }
    return (await this.read())[0]!;
  }

  assertUsable(op: string): void {
    const held = tapeAccess > 0 && !this.released;
    if (this.disposedByUser && !held) throw new TensorError(`${op}: ${this} was disposed`);
    this.gpu?.check(op);
  }

  /** Frees the storage, or defers that until the tape no longer needs it. Idempotent. */
  dispose(): void {
    if (this.disposedByUser) return;
    this.disposedByUser = true;
    for (const scope of scopes) scope.delete(this);
    if (this.tapeRefs === 0) this.release();
  }

  /** Called by the tape when an entry that used this tensor goes away. */
  dropTapeRef(): void {
    this.tapeRefs--;
    if (this.tapeRefs === 0 && this.disposedByUser) this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    if (this.gpu && !(this.storage instanceof Float64Array)) this.gpu.pool.release(this.storage);
  }

  toString(): string {
    return `tensor#${this.id}${this.name ? ` "${this.name}"` : ''} ${fmtShape(this.shape)}`;
  }
}

// The cpu backend keeps values in one Float64Array; past this JavaScript engines refuse.
const CPU_MAX_ELEMENTS = 2 ** 30;

/** Throws, naming the limit, when a tensor of `shape` cannot exist on `gpu` (null: CPU). */
export function checkFits(label: string, shape: Shape, gpu: Gpu | null): void {
  const size = sizeOf(shape);
  const hint = '\nhint: use fewer rows per tensor or smaller layers';
  if (!gpu && size > CPU_MAX_ELEMENTS) {
    throw new TensorError(`${label}: shape ${fmtShape(shape)} has ${size} elements, over the ` +
      `cpu backend's limit of ${CPU_MAX_ELEMENTS}${hint}`);
  }
  const limit = gpu?.device.limits.maxStorageBufferBindingSize ?? Infinity;
  if (size * 4 > limit) {
    throw new TensorError(`${label}: shape ${fmtShape(shape)} needs ${size * 4} bytes, over ` +
      `this adapter's storage binding limit of ${limit} bytes${hint}`);
  }
}

/** An uninitialised tensor on the same backend as `like` (or `gpu`). */
export function emptyTensor(shape: Shape, gpu: Gpu | null, label = 'tensor',
  isLeaf = false): Tensor {
  checkFits(label, shape, gpu);
  const size = sizeOf(shape);
  if (!gpu) return new Tensor(shape, null, new Float64Array(size), isLeaf);
  const bytes = size * 4;
  return new Tensor(shape, gpu, gpu.pool.acquire(bytes, `${label} ${fmtShape(shape)}`), isLeaf);
}

export interface TensorOptions {
  requiresGrad?: boolean;
  name?: string;
}

/** A leaf tensor holding `values` (row-major), on the GPU `gpu` or the CPU when null. */
export function leafTensor(values: ArrayLike<number>, shape: Shape, gpu: Gpu | null,
  opts: TensorOptions = {}): Tensor {
  checkShape('tensor', shape);
  if (values.length !== sizeOf(shape)) {
    throw new TensorError(`tensor: ${values.length} values do not fill shape ` +
      `${fmtShape(shape)} (${sizeOf(shape)} elements)`);
  }
  gpu?.check('tensor');
  const t = emptyTensor(shape, gpu, opts.name ?? 'tensor', true);
  if (!gpu) t.data.set(values);
  else if (values.length > 0) {
    // A Float32Array goes as it is: the data sets are tens of megabytes.
    const f32 = values instanceof Float32Array && values.buffer instanceof ArrayBuffer
      ? values as Float32Array<ArrayBuffer> : Float32Array.from(values);
    gpu.write(t.buffer, f32);
  }
  t.requiresGrad = opts.requiresGrad ?? false;
  t.name = opts.name;
  return t;
}

// --- scopes -------------------------------------------------------------------

type Kept = Tensor | Kept[] | { [key: string]: Kept } | number | string | boolean | null | void;

function collect(value: unknown, into: Set<Tensor>): void {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collect(v, into);
  }
}

/**
 * Runs `fn` and disposes every tensor it created, except those it returns (anywhere in
 * an array or object) and those passed to keep(). Returned tensors join the outer scope.
 */
export function scope<T extends Kept>(fn: () => T): T {
  const created = new Set<Tensor>();
  scopes.push(created);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    for (const t of created) t.dispose();
    throw e;
  } finally {
    scopes.pop();
  }
  const returned = new Set<Tensor>();
  collect(result, returned);
  for (const t of created) {
    if (returned.has(t)) scopes[scopes.length - 1]?.add(t);
    else t.dispose();
  }
  return result;
}

/** Takes `t` out of every open scope, so that no scope disposes it. */
export function keep<T extends Tensor>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}
