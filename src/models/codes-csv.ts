// codes.csv: one format for the codes of a trained model, written by the CLI and by the
// browser page alike. Pure text, no file system, so both import it from here.

/** A float32 value with enough digits (9) to read back exactly. */
export function f32Text(v: number): string {
  return String(Number(v.toPrecision(9)));
}

function csvField(name: string): string {
  return /[",\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** codes.csv: code1..codeH, then the target column when there is one. */
export function codesCsv(codes: Float32Array, width: number, target: Float64Array | null,
  targetName: string | null): string {
  const header = Array.from({ length: width }, (_, j) => `code${j + 1}`);
  if (target && targetName) header.push(csvField(targetName));
  const lines = [header.join(',')];
  const rows = width === 0 ? 0 : codes.length / width;
  for (let r = 0; r < rows; r++) {
    const cells = Array.from(codes.subarray(r * width, (r + 1) * width), f32Text);
    if (target && targetName) cells.push(String(target[r]));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
