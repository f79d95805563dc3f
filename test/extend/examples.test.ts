// The examples run in Node as they are, through `npm run example -- <name>`, and do
// what they say: the autoencoder learns the subspace, the custom kernel passes
// gradcheck and fits its curve. They import nothing Node-only, so a page can run them.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import { runNode } from './run-in-node.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');

async function runExample(name: string): Promise<unknown> {
  const run = await runNode(['scripts/run-example.mjs', name, '--json']);
  expect(run.code, run.stderr).toBe(0);
  const last = run.stdout.trim().split('\n').pop()!;
  return (JSON.parse(last) as { result: unknown }).result;
}

describe('examples', () => {
  it('tied-autoencoder: the loss falls below 1% of where it started', async () => {
    const losses = await runExample('tied-autoencoder') as number[];
    expect(losses).toHaveLength(7);
    expect(losses[6]!).toBeLessThan(losses[0]! / 100);
  });

  it('custom-kernel: gradcheck passes on the GPU and the fit improves tenfold', async () => {
    const r = await runExample('custom-kernel') as { gradcheck: string; losses: number[] };
    expect(r.gradcheck).toMatch(/^gradcheck passed on webgpu \(float32\), 15 elements/);
    expect(r.losses[4]!).toBeLessThan(r.losses[0]! / 10);
  });

  it('custom-activation: softplus passes gradcheck both ways and the autoencoder learns',
    async () => {
      const r = await runExample('custom-activation') as { gradchecks: string[]; losses: number[] };
      expect(r.gradchecks[0]).toMatch(/^gradcheck passed on cpu \(float64\), 12 elements/);
      expect(r.gradchecks[1]).toMatch(/^gradcheck passed on webgpu \(float32\), 12 elements/);
      expect(r.losses[3]!).toBeLessThan(r.losses[0]! / 5);
    });

  it('import only the public API, and nothing Node-only', () => {
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'))) {
      const imports = [...readFileSync(path.join(EXAMPLES, file), 'utf8')
        .matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports, file).toEqual(['../src/index.js']);
    }
  });

  it('export main() for the browser page', () => {
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts'))) {
      expect(readFileSync(path.join(EXAMPLES, file), 'utf8'), file)
        .toMatch(/^export async function main\(log: \(line: string\) => void = console\.log\)/m);
    }
  });
});
