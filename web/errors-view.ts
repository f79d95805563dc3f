// Nothing fails silently: every error the page meets lands in one banner, with the
// message as the library wrote it (file:line:column for data, the hint on its own line).
import { byId } from './dom.js';

const TITLES: Record<string, string> = {
  CsvError: 'This CSV cannot be read',
  PipelineError: 'The columns do not fit',
  ModelFileError: 'This model.json cannot be loaded',
  DeviceError: 'No WebGPU device',
  DeviceLostError: 'The GPU device was lost',
  TensorError: 'Training cannot run',
  SettingsError: 'Check the settings',
};

export function showError(e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  byId('error-title').textContent = TITLES[err.name] ?? `Unexpected error (${err.name})`;
  const internal = !(err.name in TITLES);
  byId('error-text').textContent = internal && err.stack ? `${err.message}\n\n${err.stack}` +
    '\n\nThis is a tapegrad bug; please report it with the steps that led here.' : err.message;
  byId('error').hidden = false;
  console.error(err);
}

export function clearError(): void {
  byId('error').hidden = true;
}

/** Catches what no handler caught, and wires the banner's close button. */
export function installErrorBanner(): void {
  window.addEventListener('error', (event) => showError(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => showError(event.reason));
  byId('error-close').addEventListener('click', clearError);
}

/** Wraps an event handler so that what it throws (or rejects with) is shown. */
export function guarded<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch(showError);
    } catch (e) {
      showError(e);
    }
  };
}
