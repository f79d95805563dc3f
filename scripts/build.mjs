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

await Promise.all([
  build({ ...common, platform: 'node', entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.mjs' }),
  build({ ...common, platform: 'node', entryPoints: ['src/index.ts'], outfile: 'dist/tapegrad.mjs' }),
]);
