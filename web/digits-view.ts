// Digits beside their reconstructions: each example on one row of the grid, what the
// model makes of it on the row below (the CLI's digits.png, drawn on a canvas).
import { INK, surface } from './canvas.js';
import { PIXELS, SIDE } from './digits.js';

const COLUMNS = 10;

/** `images` [N, 784] holds the examples at `rows`; `recon` [rows.length, 784]. */
export function drawDigits(canvas: HTMLCanvasElement, images: Float32Array, rows: number[],
  recon: Float32Array): void {
  const bands = Math.ceil(rows.length / COLUMNS);
  const labelWidth = 104;
  const width = canvas.clientWidth || canvas.width;
  const cell = Math.floor(Math.min((width - labelWidth) / COLUMNS, 72));
  const scale = (cell - 4) / SIDE;
  canvas.style.height = `${bands * 2 * cell + 8}px`;
  const { ctx: c } = surface(canvas);
  c.fillStyle = '#111';
  c.fillRect(labelWidth, 4, cell * COLUMNS, bands * 2 * cell);
  const paint = (values: Float32Array, gx: number, gy: number) => {
    const image = new ImageData(SIDE, SIDE);
    for (let i = 0; i < PIXELS; i++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, values[i]!)));
      image.data.set([v, v, v, 255], i * 4);
    }
    const tile = new OffscreenCanvas(SIDE, SIDE);
    tile.getContext('2d')!.putImageData(image, 0, 0);
    c.imageSmoothingEnabled = false;
    c.drawImage(tile, labelWidth + gx * cell + 2, 4 + gy * cell + 2, SIDE * scale, SIDE * scale);
  };
  rows.forEach((r, i) => {
    const gx = i % COLUMNS;
    const gy = Math.floor(i / COLUMNS) * 2;
    paint(images.subarray(r * PIXELS, (r + 1) * PIXELS), gx, gy);
    paint(recon.subarray(i * PIXELS, (i + 1) * PIXELS), gx, gy + 1);
  });
  c.fillStyle = INK;
  c.textBaseline = 'middle';
  for (let band = 0; band < bands; band++) {
    c.fillText('original', 8, 4 + (band * 2 + 0.5) * cell);
    c.fillText('reconstructed', 8, 4 + (band * 2 + 1.5) * cell);
  }
}
