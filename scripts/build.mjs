// Bundles with esbuild:
//   dist/cli.mjs, dist/tapegrad.mjs   Node: the command line and the library. `webgpu` (Dawn,
//                                     a native addon) stays external, loaded at run time.
//   dist/tapegrad.browser.mjs         browsers: the same library modules, with the one
//                                     Node-only module (Dawn's adapter) left out.
//   dist/web/app.mjs                  the demo page (web/), which imports the library only
//                                     through dist/tapegrad.browser.mjs, as any user would.
//   dist/web/examples-page.mjs        the examples page (web/examples.html), and beside it
//   dist/web/examples/<name>.mjs      each examples/<name>.ts as it is, the library again
//                                     through dist/tapegrad.browser.mjs.
//   dist/bench.mjs                    npm run bench (Node).
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
};

// device.ts imports ./node-adapter.js only when it runs under Node; in a browser that
// branch is never taken, so the browser bundle gets a stub in its place. Anything else
// Node-only that reaches the bundle fails the build, naming the importer.
const NODE_ADAPTER_STUB = `export async function nodeAdapter() {
  throw new Error('internal: the browser build of tapegrad has no Node adapter');
}`;

const browserSafe = {
  name: 'browser-safe',
  setup(b) {
    b.onResolve({ filter: /(^|\/)node-adapter\.js$/ }, () =>
      ({ path: 'node-adapter', namespace: 'browser-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'browser-stub' }, () =>
      ({ contents: NODE_ADAPTER_STUB, loader: 'js' }));
    b.onResolve({ filter: /^(node:.*|webgpu|fs|path|module|child_process)$/ }, (args) => ({
      errors: [{ text: `${args.path} is Node-only; imported by ${args.importer} ` +
        'into the browser bundle' }],
    }));
  },
};

// The pages and the examples reach the library through src/index.ts alone, and that import
// becomes the browser bundle, loaded from `url`: one copy of the library, the published one,
// however many modules of a page import it.
function usesLibraryBundle(url) {
  return {
    name: 'uses-library-bundle',
    setup(b) {
      b.onResolve({ filter: /\/src\// }, (args) => {
        if (/\/src\/index\.js$/.test(args.path)) return { path: url, external: true };
        return {
          errors: [{ text: `${args.importer} imports ${args.path}; web/ and examples/ may ` +
            'import only ../src/index.js (the library bundle)' }],
        };
      });
    },
  };
}

// The examples are bundled one by one, unchanged, so the page imports each as a module and
// calls its main(), as Node does (scripts/run-example.mjs).
const examples = readdirSync('examples').filter((f) => f.endsWith('.ts'))
  .map((f) => `examples/${f}`);

const node = { ...common, platform: 'node', external: ['webgpu'] };
await Promise.all([
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.mjs' }),
  build({ ...node, entryPoints: ['src/index.ts'], outfile: 'dist/tapegrad.mjs' }),
  build({ ...common, platform: 'browser', plugins: [browserSafe],
    entryPoints: ['src/index.ts'], outfile: 'dist/tapegrad.browser.mjs' }),
  build({ ...common, platform: 'browser', plugins: [usesLibraryBundle('./tapegrad.browser.mjs')],
    entryPoints: ['web/main.ts'], outfile: 'dist/web/app.mjs' }),
  build({ ...common, platform: 'browser', plugins: [usesLibraryBundle('./tapegrad.browser.mjs')],
    entryPoints: ['web/examples-page.ts'], outfile: 'dist/web/examples-page.mjs' }),
  build({ ...common, platform: 'browser', plugins: [usesLibraryBundle('../tapegrad.browser.mjs')],
    entryPoints: examples, outdir: 'dist/web/examples', outExtension: { '.js': '.mjs' } }),
  // The bench's peers are dev dependencies. TensorFlow.js is bundled from its ES modules,
  // so that its backends and the gradients register with one engine (its CommonJS
  // builds of core have no gradients); jax-js loads from node_modules.
  build({ ...node, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.mjs',
    external: [...node.external, '@jax-js/*'], mainFields: ['module', 'main'],
    // TF.js' ES modules still use require() and __dirname as CommonJS does.
    banner: { js: "import { createRequire as __tgRequire } from 'node:module';\n" +
      "import { fileURLToPath as __tgPath } from 'node:url';\n" +
      'const require = __tgRequire(import.meta.url);\n' +
      'const __filename = __tgPath(import.meta.url);\n' +
      "const __dirname = __filename.replace(/[^/]*$/, '');" } }),
]);
