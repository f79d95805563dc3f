// Every GPU buffer a device holds, counted where buffers are born and die: the device's
// createBuffer and each buffer's destroy. The pool counts tensor storage only; this also
// sees uniforms, the staging buffers of reads, row indices and Adam's parameters, so a
// leak in any module shows in memory(), including modules written after this one.
import { BufferUsage } from './pool.js';

export interface BufferCensus {
  /** Every buffer created on the device and not destroyed. */
  deviceBuffers: number;
  deviceBytes: number;
  /** Of those, uniform buffers (op parameters, cached by content). */
  uniformBuffers: number;
  /** Of those, staging buffers that carry reads back (parked by size for reuse). */
  stagingBuffers: number;
}

export type CensusReader = () => BufferCensus;

/** Starts counting the buffers of `device` (before it makes any); returns the reader. */
export function takeCensus(device: GPUDevice): CensusReader {
  const census: BufferCensus = {
    deviceBuffers: 0, deviceBytes: 0, uniformBuffers: 0, stagingBuffers: 0,
  };
  const count = (buffer: GPUBuffer, sign: 1 | -1) => {
    census.deviceBuffers += sign;
    census.deviceBytes += sign * buffer.size;
    if (buffer.usage & BufferUsage.UNIFORM) census.uniformBuffers += sign;
    if (buffer.usage & BufferUsage.MAP_READ) census.stagingBuffers += sign;
  };
  const createBuffer = device.createBuffer;
  device.createBuffer = function (descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = createBuffer.call(this, descriptor);
    count(buffer, 1);
    const destroy = buffer.destroy;
    let destroyed = false;
    buffer.destroy = function (): undefined {
      if (!destroyed) count(buffer, -1); // a second destroy is harmless, and not counted
      destroyed = true;
      return destroy.call(this);
    };
    return buffer;
  };
  return () => ({ ...census });
}
