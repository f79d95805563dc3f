// Peers find WebGPU through navigator.gpu, as in a browser. Node 20 has no navigator,
// so the bench gives them one backed by Dawn, after tapegrad's own init() has found
// the adapter (and, without a GPU, pointed Vulkan at SwiftShader).
export async function provideNavigatorGpu(): Promise<void> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const nav = { gpu: create([]), userAgent: 'node (tapegrad bench)' };
  Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true });
}
