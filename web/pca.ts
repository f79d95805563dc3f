// The codes in two dimensions: the code itself when it has one or two units, otherwise
// its first two principal components (the directions of largest variance), found by power
// iteration on the H×H covariance in float64. H is the code width, small by design.

export interface Projection {
  x: Float64Array;
  y: Float64Array;
  xLabel: string;
  yLabel: string;
}

// codes: [R, H] -> cov: [H, H], the sample covariance of the columns.
function covariance(codes: Float32Array, rows: number, h: number): Float64Array {
  const mean = new Float64Array(h);
  for (let r = 0; r < rows; r++) for (let j = 0; j < h; j++) mean[j]! += codes[r * h + j]!;
  for (let j = 0; j < h; j++) mean[j]! /= rows;
  const cov = new Float64Array(h * h);
  const d = new Float64Array(h);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < h; j++) d[j] = codes[r * h + j]! - mean[j]!;
    for (let i = 0; i < h; i++) {
      for (let j = i; j < h; j++) cov[i * h + j]! += d[i]! * d[j]!;
    }
  }
  const n = Math.max(rows - 1, 1);
  for (let i = 0; i < h; i++) {
    for (let j = i; j < h; j++) cov[j * h + i] = cov[i * h + j]! /= n;
  }
  return cov;
}

// The leading eigenvector of the symmetric matrix m [h, h] and its eigenvalue. The start
// vector is fixed, so the same codes always give the same picture; the sign is fixed too.
function leadingEigen(m: Float64Array, h: number): { v: Float64Array; value: number } {
  let v = Float64Array.from({ length: h }, (_, i) => 1 + i / h);
  let value = 0;
  for (let iter = 0; iter < 500; iter++) {
    const next = new Float64Array(h);
    for (let i = 0; i < h; i++) {
      let s = 0;
      for (let j = 0; j < h; j++) s += m[i * h + j]! * v[j]!;
      next[i] = s;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return { v: Float64Array.from({ length: h }, (_, i) => +(i === 0)), value: 0 };
    for (let i = 0; i < h; i++) next[i]! /= norm;
    const change = next.reduce((s, x, i) => s + Math.abs(x - v[i]!), 0);
    v = next;
    value = norm;
    if (change < 1e-10) break;
  }
  const big = v.reduce((b, x, i) => (Math.abs(x) > Math.abs(v[b]!) ? i : b), 0);
  if (v[big]! < 0) v = v.map((x) => -x);
  return { v, value };
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)}%` : '0%';
}

/** Two coordinates per row of codes [rows, width]. */
export function project2d(codes: Float32Array, width: number): Projection {
  const rows = width > 0 ? codes.length / width : 0;
  const column = (j: number) =>
    Float64Array.from({ length: rows }, (_, r) => codes[r * width + j]!);
  if (width === 1) return { x: column(0), y: new Float64Array(rows), xLabel: 'code1', yLabel: '' };
  if (width === 2) return { x: column(0), y: column(1), xLabel: 'code1', yLabel: 'code2' };
  const cov = covariance(codes, rows, width);
  let trace = 0;
  for (let i = 0; i < width; i++) trace += cov[i * width + i]!;
  const first = leadingEigen(cov, width);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j < width; j++) cov[i * width + j]! -= first.value * first.v[i]! * first.v[j]!;
  }
  const second = leadingEigen(cov, width);
  const along = (v: Float64Array) => Float64Array.from({ length: rows }, (_, r) => {
    let s = 0;
    for (let j = 0; j < width; j++) s += codes[r * width + j]! * v[j]!;
    return s;
  });
  return {
    x: along(first.v), y: along(second.v),
    xLabel: `PC1 (${percent(first.value, trace)} of the variance)`,
    yLabel: `PC2 (${percent(second.value, trace)})`,
  };
}
