// What the page shows of a model: its loss curve, the scatter of the codes and, for the
// digits, originals above their reconstructions; and the downloads it offers.
import type { Dataset } from './dataset.js';
import { byId } from './dom.js';
import { drawDigits } from './digits-view.js';
import { offerDownloads } from './downloads.js';
import { project2d } from './pca.js';
import type { ModelResult } from './model-result.js';
import { clearScatter, drawScatter } from './scatter.js';

let shown: { result: ModelResult; data: Dataset } | null = null;

/** Draws the shown result again, at the canvases' new size. */
export function redrawResult(): void {
  if (shown) draw(shown.result, shown.data);
}

export function showResult(result: ModelResult, data: Dataset): void {
  shown = { result, data };
  draw(result, data);
  offerDownloads(result);
}

function draw(result: ModelResult, data: Dataset): void {
  const scatter = byId<HTMLCanvasElement>('scatter');
  const projection = project2d(result.codes, result.codeWidth);
  const outside = drawScatter(scatter, projection, result.target, result.targetName);
  scatter.dataset.points = String(projection.x.length);
  byId('scatter-note').textContent = `${projection.x.length} codes of width ` +
    `${result.codeWidth}` + (result.codeWidth > 2 ? ', on their first two principal components'
    : '') + (outside ? `; ${outside} extreme points lie outside the view` : '') + '.';
  const section = byId('digits-section');
  section.hidden = !result.examples;
  if (result.examples) {
    drawDigits(byId<HTMLCanvasElement>('digits'), data.inputs, result.examples.rows,
      result.examples.recon);
  }
}

export function clearResult(): void {
  shown = null;
  clearScatter(byId<HTMLCanvasElement>('scatter'));
  byId('scatter-note').textContent = '';
  byId('digits-section').hidden = true;
  offerDownloads(null);
}
