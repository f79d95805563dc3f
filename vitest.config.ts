import { defineConfig } from 'vitest/config';

// Dawn is a native addon: run each test file in its own process (forks), never in
// worker threads, and give GPU tests room on SwiftShader, which is a CPU.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' },
  },
});
