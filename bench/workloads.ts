// The two training workloads every framework runs, with identical data, initial
// weights (He-normal from one seed) and shuffles, so their losses can be compared.
import path from 'node:path';
import { loadDigits } from '../src/cli/digits-command.js';
import { fitTransform } from '../src/data/pipeline.js';
import { readCsvFile } from '../src/data/read-file.js';
import { heNormal } from '../src/models/init.js';
import { Rng } from '../src/models/random.js';
import { shuffler } from '../src/models/train.js';

/** Seeds the initial weights and, through train's shuffler, the row orders. */
export const BENCH_SEED = 7;

export interface Workload {
  name: 'credit' | 'mnist';
  /** Row-major [rows, layers[0]]. */
  data: Float32Array;
  rows: number;
  layers: number[];
  batch: number;
  lr: number;
  /** He-normal weights W1, W2, … (row-major [layers[i], layers[i+1]]). */
  init: Float32Array[];
  /** The row order of each epoch. */
  orders: Uint32Array[];
}

function shared(name: Workload['name'], data: Float32Array, rows: number, layers: number[],
  lr: number, epochs: number): Workload {
  const rng = new Rng(BENCH_SEED);
  const init = layers.slice(1).map((out, i) => heNormal(layers[i]!, out, rng));
  // The orders tapegrad's train() draws for BENCH_SEED, handed to every framework.
  const shuffles = shuffler(BENCH_SEED);
  const orders = Array.from({ length: epochs }, () => shuffles.permutation(rows));
  return { name, data, rows, layers, batch: 1000, lr, init, orders };
}

/** 33 -> 20 -> 10 on the UCI credit-card table, Adam 1e-4, 30 steps an epoch. */
export function creditWorkload(repoRoot: string, epochs: number): Workload {
  const csv = path.resolve(repoRoot, '../shared/data/UCI_Credit_Card.csv');
  const { encoded } = fitTransform(readCsvFile(csv), {
    drop: ['ID'], target: 'default.payment.next.month',
    categorical: ['SEX', 'EDUCATION', 'MARRIAGE'],
  });
  return shared('credit', encoded.data, encoded.rows, [encoded.cols, 20, 10], 1e-4, epochs);
}

/** 784 -> 256 -> 64 on the mnist package's 10000 digits, Adam 1e-3, 10 steps an epoch. */
export function mnistWorkload(epochs: number): Workload {
  const { images, labels } = loadDigits();
  return shared('mnist', images, labels.length, [784, 256, 64], 1e-3, epochs);
}

/** One framework's way of training a workload, an epoch at a time. */
export interface Trainer {
  /** Mean loss over the epoch's rows, read back once at its end. */
  epoch(order: Uint32Array): Promise<number>;
  dispose(): void;
}

/** One framework's matmul at a shape: run `reps` products, then read the last back. */
export interface MatmulProbe {
  run(reps: number): Promise<void>;
  dispose(): void;
}

export interface Framework {
  name: string;
  trainer(w: Workload): Promise<Trainer>;
  matmul(M: number, K: number, N: number, transA: boolean, transB: boolean): Promise<MatmulProbe>;
}

/** Operands for a matmul probe: values in [-1, 1), as stored (transposed when flagged). */
export function matmulOperands(M: number, K: number, N: number) {
  const rng = new Rng(M * 7919 + K * 31 + N);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
  return { a: fill(M * K), b: fill(K * N) };
}
