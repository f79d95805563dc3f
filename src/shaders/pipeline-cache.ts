// Compiled pipelines, keyed by their WGSL text: two variants that generate the same
// source share one pipeline, and no key is ever assembled by hand.
import { debugLog } from '../tensor/debug.js';

export interface Compiled {
  /** Unique per pipeline: keys the bind groups made for it. */
  id: number;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
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

  get size(): number {
    return this.compiled.size;
  }
}
