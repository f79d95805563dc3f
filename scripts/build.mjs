// Bundles the library and the command line with esbuild. `webgpu` (Dawn, a native
// addon) stays external: it is loaded from node_modules at run time.
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  external: ['webgpu'],
  logLevel: 'warning',
};

const node = { ...common, platform: 'node' };
await Promise.all([
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.mjs' }),
  build({ ...node, entryPoints: ['src/index.ts'], outfile: 'dist/tapegrad.mjs' }),
  // The bench's peers are dev dependencies. TensorFlow.js is bundled from its ES modules,
  // so that its backends and the gradients register with one engine (its CommonJS
  // builds of core have no gradients); jax-js loads from node_modules.
  build({ ...node, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.mjs',
    external: [...common.external, '@jax-js/*'], mainFields: ['module', 'main'],
    // TF.js' ES modules still use require() and __dirname as CommonJS does.
    banner: { js: "import { createRequire as __tgRequire } from 'node:module';\n" +
      "import { fileURLToPath as __tgPath } from 'node:url';\n" +
      'const require = __tgRequire(import.meta.url);\n' +
      'const __filename = __tgPath(import.meta.url);\n' +
      "const __dirname = __filename.replace(/[^/]*$/, '');" } }),
]);
