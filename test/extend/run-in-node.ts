// Runs a program as a user would, in a Node process of its own: an example through
// `node scripts/run-example.mjs`, or TypeScript text (a doc's code samples) bundled
// with esbuild, `tapegrad` resolving to src/index.ts.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../helpers/cases.js';

export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node args…` in the repository root; kills it (only it) after `ms`. */
export function runNode(args: string[], ms = 60_000): Promise<NodeRun> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: process.env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) => child.on('exit', (code) => {
    clearTimeout(killer);
    resolve({ code, stdout, stderr });
  }));
}

/** Bundles TypeScript `source` into out/docs/<name>.mjs and runs it. */
export async function runTypeScript(name: string, source: string): Promise<NodeRun> {
  const outdir = path.join(REPO_ROOT, 'out/docs');
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, `${name}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts', sourcefile: `${name}.ts` },
    outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    external: ['webgpu'], logLevel: 'silent',
    alias: { tapegrad: path.join(REPO_ROOT, 'src/index.ts') },
  });
  return runNode([outfile]);
}
