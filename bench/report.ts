// The bench's tables, and the issue's targets as ratios of one run.
import type { MatmulRow, WorkloadResult } from './main.js';
import type { Workload } from './workloads.js';

const pad = (s: string | number, n: number) => String(s).padStart(n);
const fix = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

export function printMatmul(row: MatmulRow, header: boolean): void {
  const names = Object.keys(row.gflops);
  if (header) {
    console.log(`matmul GFLOP/s       ${names.map((n) => pad(n, 12)).join('')}` +
      `${names.slice(1).map((n) => pad(`tg/${n.split('-')[0]}`, 10)).join('')}`);
  }
  const ours = row.gflops.tapegrad!;
  const shape = `${row.M}x${row.K}x${row.N} ${row.flags}`;
  console.log(`${shape.padEnd(21)}${names.map((n) => pad(fix(row.gflops[n]), 12)).join('')}` +
    `${names.slice(1).map((n) => pad(`${fix(ours / row.gflops[n]!)}x`, 10)).join('')}`);
}

export function printWorkload(w: Workload, results: WorkloadResult[]): void {
  console.log(`\n${w.name}: [${w.layers.join(', ')}] tied, batch ${w.batch}, Adam ${w.lr}, ` +
    `${Math.ceil(w.rows / w.batch)} steps an epoch`);
  console.log(`${'framework'.padEnd(14)}${pad('ms/epoch', 10)}${pad('ms/step', 10)}  losses by epoch`);
  for (const r of results) {
    console.log(`${r.framework.padEnd(14)}${pad(fix(r.msPerEpoch, 0), 10)}` +
      `${pad(fix(r.msPerStep, 1), 10)}  ${r.losses.map((l) => l.toPrecision(5)).join(' ')}`);
  }
}

export interface Target {
  what: string;
  ratio: number;
  goal: string;
  met: boolean;
}

function msOf(results: WorkloadResult[] | undefined, fw: string): number {
  return results?.find((r) => r.framework === fw)?.msPerEpoch ?? NaN;
}

export function printTargets(matmul: MatmulRow[] | undefined,
  workloads: Record<string, WorkloadResult[]>): Target[] {
  const targets: Target[] = [];
  const add = (what: string, ratio: number, limit: number, atLeast = false) =>
    targets.push({ what, ratio, goal: `${atLeast ? '>=' : '<='} ${limit}`,
      met: atLeast ? ratio >= limit : ratio <= limit });
  const credit = workloads.credit;
  const ours = msOf(credit, 'tapegrad');
  if (credit) {
    add('credit epoch / jax-js', ours / msOf(credit, 'jax-js'), 0.25);
    add('credit epoch / tfjs-webgpu', ours / msOf(credit, 'tfjs-webgpu'), 0.02);
    add('credit epoch / tfjs-wasm', ours / msOf(credit, 'tfjs-wasm'), 1);
  }
  if (workloads.mnist) {
    add('mnist epoch / jax-js', msOf(workloads.mnist, 'tapegrad') /
      msOf(workloads.mnist, 'jax-js'), 0.5);
  }
  for (const row of matmul ?? []) {
    if (row.M * row.K * row.N < 1e8) continue; // the mnist shapes
    add(`matmul ${row.M}x${row.K}x${row.N} ${row.flags} / jax-js`,
      row.gflops.tapegrad! / row.gflops['jax-js']!, 2, true);
  }
  console.log('\ntargets (ratios of this run)');
  for (const t of targets) {
    console.log(`${t.what.padEnd(40)}${pad(fix(t.ratio, 3), 8)}  goal ${t.goal.padEnd(6)} ` +
      `${t.met ? 'met' : 'NOT met'}`);
  }
  return targets;
}
