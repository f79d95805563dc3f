// Compiled pipelines, keyed by their WGSL text: two variants that generate the same
// source share one pipeline, and no key is ever assembled by hand.
import { debugLog } from '../tensor/debug.js';

export interface Compiled {
  /** Unique per pipeline: keys the bind groups made for it. */
  id: number;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
}

export interface CompileVerdict {
  /** Everything the compiler said (errors, warnings, notes). */
  messages: readonly GPUCompilationMessage[];
  /** Set when the WGSL compiled but the pipeline was refused (e.g. too large a workgroup). */
  pipelineError: string | null;
}

export class PipelineCache {
  private compiled = new Map<string, Compiled>();

  constructor(private device: GPUDevice) {}

  get(label: string, wgsl: string): Compiled {
    const hit = this.compiled.get(wgsl);
    if (hit) return hit;
    const start = performance.now();
    debugLog(2, `WGSL of ${label}:\n${wgsl}`);
    const module = this.device.createShaderModule({ label, code: wgsl });
    const pipeline = this.device.createComputePipeline({
      label,
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const entry = { id: this.compiled.size + 1, pipeline, layout: pipeline.getBindGroupLayout(0) };
    this.compiled.set(wgsl, entry);
    debugLog(1, `compiled ${label} in ${(performance.now() - start).toFixed(1)} ms`);
    return entry;
  }

  /**
   * Compiles `wgsl` now and waits for the compiler's verdict, for WGSL we did not write
   * (user-defined ops): its messages, or why the pipeline was refused. On success the
   * pipeline joins the cache, so the first dispatch finds it. The error scopes keep the
   * failure out of the device's uncaptured errors, where it would read as our bug.
   */
  async compileChecked(label: string, wgsl: string): Promise<CompileVerdict> {
    if (this.compiled.has(wgsl)) return { messages: [], pipelineError: null };
    debugLog(2, `WGSL of ${label}:\n${wgsl}`);
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ label, code: wgsl });
    const moduleScope = this.device.popErrorScope();
    const messages = (await module.getCompilationInfo()).messages;
    await moduleScope;
    if (messages.some((m) => m.type === 'error')) return { messages, pipelineError: null };
    const start = performance.now();
    this.device.pushErrorScope('validation');
    const pending = this.device.createComputePipelineAsync({
      label, layout: 'auto', compute: { module, entryPoint: 'main' },
    });
    const pipelineScope = this.device.popErrorScope();
    try {
      const pipeline = await pending;
      this.compiled.set(wgsl, {
        id: this.compiled.size + 1, pipeline, layout: pipeline.getBindGroupLayout(0),
      });
      debugLog(1, `compiled ${label} in ${(performance.now() - start).toFixed(1)} ms`);
      return { messages, pipelineError: null };
    } catch (error) {
      return { messages, pipelineError: (error as Error).message };
    } finally {
      await pipelineScope;
    }
  }

  get size(): number {
    return this.compiled.size;
  }
}
