// The fitted preprocessing, as a table: for each input column what was learnt from the
// rows (outlier fences, mean, range; or the categories) and the model inputs it becomes.
import { IQR_FACTOR, type FittedColumn, type FittedPipeline } from '../src/index.js';
import type { Dataset } from './dataset.js';
import { byId, el, fmt } from './dom.js';

function fitted(c: FittedColumn, range: [number, number]): string {
  if (c.kind === 'categorical') return `categories ${c.categories.join(', ') || '(none)'}`;
  const fences = c.fences ? `outside [${fmt(c.fences.lo)}, ${fmt(c.fences.hi)}] → missing; ` : '';
  return `${fences}missing → mean ${fmt(c.mean)}; [${fmt(c.min)}, ${fmt(c.max)}] → ` +
    `[${range.join(', ')}]`;
}

function outputs(c: FittedColumn): string {
  if (c.kind === 'numeric') return c.name;
  return c.categories.map((k) => `${c.name}=${k}`).join(', ');
}

function summary(data: Dataset, p: FittedPipeline, origin: string): string {
  const parts = [`${data.name}: ${data.rows} rows → ${data.cols} model inputs`];
  if (p.config.target) parts.push(`target ${p.config.target}`);
  if (p.config.drop.length) parts.push(`dropped ${p.config.drop.join(', ')}`);
  const outliers = p.config.outliers === 'iqr'
    ? `IQR outliers (k = ${IQR_FACTOR}), mean imputation, min-max scaling` : 'min-max scaling';
  return `${parts.join(' · ')}. Numeric columns: ${outliers}. ${origin}`;
}

/** Shows how `data` became model inputs; `origin` says where the pipeline comes from. */
export function showPreprocessing(data: Dataset, origin: string): void {
  const view = byId('preprocessing');
  const p = data.pipeline;
  if (!p) {
    view.replaceChildren(el('p', {}, `${data.rows} images of 28×28 = ${data.cols} pixels ` +
      'in [0, 1], used as given: no fitted pipeline, as in tapegrad digits. The digit ' +
      'labels colour the codes.'));
    return;
  }
  const rows = p.columns.map((c) => el('tr', {},
    el('td', { class: 'name' }, c.name),
    el('td', {}, c.kind),
    el('td', {}, fitted(c, p.config.range)),
    el('td', { class: 'outputs' }, outputs(c))));
  const head = el('tr', {}, ...['column', 'kind', 'fitted on the rows', 'model inputs']
    .map((h) => el('th', {}, h)));
  view.replaceChildren(el('p', {}, summary(data, p, origin)),
    el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head),
      el('tbody', {}, ...rows))));
}

export function clearPreprocessing(text: string): void {
  byId('preprocessing').replaceChildren(el('p', {}, text));
}
