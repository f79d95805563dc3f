#!/usr/bin/env node
// The `tapegrad` command: runs the bundled CLI (built by `npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  console.error('tapegrad: the CLI is not built yet\n' +
    'hint: run `npm run build` (or `npm run setup`)');
  process.exit(1);
}
await import(cli.href);
