// The mnist package's digits as one data set: its ten files (one per digit, each a flat
// list of 28×28 images) joined into rows with the digit as the label. Pure, so the CLI
// (which reads the files) and the page (which fetches them) build the same rows.

export const DIGIT_PIXELS = 28 * 28;

export interface Digits {
  /** [N, 784] pixels in [0, 1], grouped by digit 0..9. */
  images: Float32Array;
  labels: Float64Array;
}

/** `parts[d]` holds the images of digit d back to back. */
export function joinDigits(parts: ArrayLike<number>[]): Digits {
  const count = parts.reduce((n, p) => n + p.length / DIGIT_PIXELS, 0);
  const images = new Float32Array(count * DIGIT_PIXELS);
  const labels = new Float64Array(count);
  let row = 0;
  parts.forEach((p, d) => {
    images.set(p, row * DIGIT_PIXELS);
    labels.fill(d, row, row + p.length / DIGIT_PIXELS);
    row += p.length / DIGIT_PIXELS;
  });
  return { images, labels };
}
