// Runs an example in Node: `npm run example -- tied-autoencoder`. The example is
// TypeScript, so esbuild bundles it first (in well under a second; no loader needed);
// then its main() runs and prints as it goes. With --json, the value main() returns is
// printed last, as one JSON line (the tests read it).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const names = readdirSync('examples').filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`run-example: name one of ${names.join(', ')}; got ${name ?? 'nothing'}`);
  process.exit(1);
}
const outfile = path.resolve('out/examples', `${name}.mjs`);
await build({
  entryPoints: [`examples/${name}.ts`], outfile, bundle: true, format: 'esm',
  platform: 'node', target: 'node20', external: ['webgpu'], logLevel: 'warning',
});
if (!existsSync(outfile)) throw new Error(`run-example: esbuild wrote no ${outfile}`);
const { main } = await import(pathToFileURL(outfile).href);
const result = await main();
if (process.argv.includes('--json')) console.log(JSON.stringify({ result }));
