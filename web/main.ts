// The demo page: choose data (a CSV from disk, or the built-in digits), see its fitted
// preprocessing, train the tied autoencoder on this page's WebGPU with the library's own
// training loop, and see and save the result. The data never leaves the page.
import {
  PipelineError, parseCsv, type CsvTable, type EpochReport, type PipelineConfig,
} from '../src/index.js';
import { hideColumnRoles, showColumnRoles } from './column-roles.js';
import { csvDataset, type Dataset } from './dataset.js';
import { loadDigits } from './digits.js';
import { fileSize, readText } from './read-file.js';
import { byId, setStatus } from './dom.js';
import { installDownloads } from './downloads.js';
import { clearError, guarded, installErrorBanner, showError } from './errors-view.js';
import { LossChart } from './loss-chart.js';
import { encodeWithModel } from './model-load.js';
import { clearPreprocessing, showPreprocessing } from './preprocessing-view.js';
import { clearResult, redrawResult, showResult } from './results-view.js';
import { applyDefaults, lockSettings, readSettings } from './settings.js';
import { TrainingRun } from './trainer.js';
import { startWebGpu } from './webgpu-status.js';

const state = {
  gpu: false,
  data: null as Dataset | null,
  kind: 'csv' as 'csv' | 'digits',
  busy: false,
  run: null as TrainingRun | null,
};

const button = (id: string) => byId<HTMLButtonElement>(id);
const chart = new LossChart(byId<HTMLCanvasElement>('loss-chart'));

function refreshButtons(): void {
  const running = state.run !== null;
  button('train').disabled = !state.gpu || !state.data || state.busy || running;
  button('pause').disabled = !running;
  button('stop').disabled = !running;
  button('use-digits').disabled = state.busy || running;
  byId<HTMLInputElement>('csv-file').disabled = state.busy || running;
  byId<HTMLInputElement>('model-file').disabled = !state.gpu || state.busy || running;
}

function useData(data: Dataset | null, origin: string): void {
  state.data = data;
  clearResult();
  chart.clear();
  if (data) {
    showPreprocessing(data, origin);
    setStatus('run-status', 'ready', `Ready: ${data.rows} rows of ${data.cols} inputs.`);
  } else {
    clearPreprocessing('Not fitted: see the error above.');
    setStatus('run-status', 'error', 'Fix the data or its columns to train.');
  }
  refreshButtons();
}

function useKind(kind: 'csv' | 'digits'): void {
  if (state.kind !== kind) applyDefaults(kind);
  state.kind = kind;
}

function fitColumns(table: CsvTable, roles: PipelineConfig): void {
  try {
    const data = csvDataset(table, roles);
    clearError();
    useData(data, 'Fitted in this page on every row.');
  } catch (e) {
    useData(null, '');
    showError(e);
  }
}

// NOTE: the file is read whole into memory, as text and then as cells (as the CLI does),
// which bounds the page to files of a few hundred MB.
async function chooseCsv(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  input.value = ''; // the same file can be chosen again after a fix
  if (!file) return;
  hideColumnRoles();
  useKind('csv');
  setStatus('run-status', 'loading', `Reading ${file.name}…`);
  byId('data-summary').textContent = `${file.name} (${fileSize(file.size)}), read inside this ` +
    'page; nothing is uploaded.';
  let table: CsvTable;
  try {
    table = parseCsv(await readText(file), { source: file.name });
  } catch (e) {
    useData(null, '');
    throw e;
  }
  if (table.rows.length === 0) {
    useData(null, '');
    throw new PipelineError(file.name, 'no data rows under the header');
  }
  byId('data-summary').textContent = `${file.name}: ${table.rows.length} rows, ` +
    `${table.header.length} columns; read inside this page, nothing is uploaded.`;
  showColumnRoles(table, (roles) => fitColumns(table, roles));
}

async function chooseDigits(): Promise<void> {
  state.busy = true;
  refreshButtons();
  hideColumnRoles();
  useKind('digits');
  try {
    const data = await loadDigits((done) =>
      setStatus('run-status', 'loading', `Loading the digits: ${done}/10 files…`));
    byId('data-summary').textContent = `The mnist package's ${data.rows} handwritten digits, ` +
      'served with the page.';
    useData(data, '');
  } catch (e) {
    setStatus('run-status', 'error', 'The digits did not load: see the error above.');
    throw e;
  } finally {
    state.busy = false;
    refreshButtons();
  }
}

function epochStatus(r: EpochReport, planned: number, msSoFar: number): string {
  const left = Math.round(((planned - r.epoch) * msSoFar) / r.epoch / 1000);
  return `${chart.title()}   ${Math.round(msSoFar / r.epoch)} ms/epoch   ${left} s left`;
}

async function startTraining(): Promise<void> {
  const data = state.data;
  if (!data) return;
  const settings = readSettings();
  clearError();
  clearResult();
  chart.reset(settings.epochs);
  let ms = 0;
  const run = new TrainingRun(data, settings, (r) => {
    ms += r.ms;
    chart.push(r.loss);
    const paused = run.isPaused ? ' (paused)' : '';
    setStatus('run-status', run.isPaused ? 'paused' : 'training',
      epochStatus(r, settings.epochs, ms) + paused);
  });
  state.run = run;
  lockSettings(true);
  refreshButtons();
  setStatus('run-status', 'training', `Training: epoch 1/${settings.epochs} running…`);
  try {
    const result = await run.run();
    showResult(result, data);
    const losses = result.contents.training!.losses;
    const ended = losses.length < settings.epochs ? 'stopped' : 'done';
    setStatus('run-status', ended, `${ended === 'done' ? 'Done' : 'Stopped'}: ${chart.title()}` +
      '. Download model.json and codes.csv below.');
  } catch (e) {
    setStatus('run-status', 'error', 'Training failed: see the error above.');
    throw e;
  } finally {
    state.run = null;
    button('pause').textContent = 'Pause';
    lockSettings(false);
    refreshButtons();
  }
}

function togglePause(): void {
  const run = state.run;
  if (!run) return;
  run.togglePause();
  button('pause').textContent = run.isPaused ? 'Resume' : 'Pause';
  setStatus('run-status', run.isPaused ? 'paused' : 'training', run.isPaused
    ? `Pausing after this epoch (${chart.title()}).` : `Training resumed (${chart.title()}).`);
}

function stopTraining(): void {
  state.run?.stop();
  setStatus('run-status', 'training', `Stopping after this epoch (${chart.title()})…`);
}

async function loadModel(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  state.busy = true;
  refreshButtons();
  const what = state.data?.name ?? 'the data';
  setStatus('run-status', 'loading', `Encoding ${what} with ${file.name}…`);
  try {
    const { result, inputs } = await encodeWithModel(await readText(file), file.name, state.data);
    clearError();
    showPreprocessing(inputs, `From ${file.name}, fitted where the model was trained.`);
    const losses = result.contents.training?.losses ?? [];
    chart.reset(losses.length, losses);
    showResult(result, inputs);
    setStatus('run-status', 'done', `Encoded ${inputs.rows} rows with ${file.name}.`);
  } catch (e) {
    setStatus('run-status', 'error', `${file.name} was not applied: see the error above.`);
    throw e;
  } finally {
    state.busy = false;
    refreshButtons();
  }
}

function wire(): void {
  installErrorBanner();
  installDownloads(showError);
  const csv = byId<HTMLInputElement>('csv-file');
  csv.addEventListener('change', guarded(() => chooseCsv(csv)));
  button('use-digits').addEventListener('click', guarded(chooseDigits));
  button('train').addEventListener('click', guarded(startTraining));
  button('pause').addEventListener('click', guarded(togglePause));
  button('stop').addEventListener('click', guarded(stopTraining));
  const model = byId<HTMLInputElement>('model-file');
  model.addEventListener('change', guarded(() => loadModel(model)));
  byId('settings').addEventListener('submit', (e) => e.preventDefault());
  let resizing = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = window.setTimeout(guarded(() => {
      chart.draw();
      redrawResult();
    }), 150);
  });
}

wire();
clearResult();
refreshButtons();
state.gpu = await startWebGpu();
refreshButtons();
