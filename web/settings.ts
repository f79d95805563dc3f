// The training settings of the command line (layers, activation, epochs, batch, lr, l2,
// seed), read from the form with the CLI's rules and its defaults for each kind of data.
import { ACTIVATIONS, type Activation, type RunSettings } from '../src/index.js';
import { byId } from './dom.js';

export class SettingsError extends Error {
  override name = 'SettingsError';
}

export type Settings = RunSettings;

type Fields = Record<keyof Settings, string>;

// `tapegrad train` and `tapegrad digits` defaults (src/cli/args.ts).
const DEFAULTS: Record<'csv' | 'digits', Fields> = {
  csv: { layers: '20,10', activation: 'linear', epochs: '50', batch: '1000', lr: '1e-4',
    l2: '0', seed: '0' },
  digits: { layers: '128,32', activation: 'linear', epochs: '5', batch: '100', lr: '2e-3',
    l2: '0', seed: '0' },
};

function form(): HTMLFormElement {
  return byId<HTMLFormElement>('settings');
}

function field(name: keyof Settings): HTMLInputElement | HTMLSelectElement {
  return form().elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
}

/** Puts the command line's defaults for this kind of data in the form. */
export function applyDefaults(kind: 'csv' | 'digits'): void {
  for (const [name, value] of Object.entries(DEFAULTS[kind])) {
    field(name as keyof Settings).value = value;
  }
  byId('settings-note').innerHTML = `The defaults of <code>tapegrad ${kind === 'csv'
    ? 'train' : 'digits'}</code>.`;
}

const WHOLE = /^\s*\d+\s*$/;
const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function whole(name: keyof Settings, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = field(name).value;
  const n = Number(text);
  if (!WHOLE.test(text) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new SettingsError(`${name} needs a whole number ${range}; got "${text}"`);
  }
  return n;
}

function real(name: keyof Settings, positive: boolean): number {
  const text = field(name).value;
  const n = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(n) || n < 0 || (positive && n === 0)) {
    throw new SettingsError(`${name} needs a number ${positive ? '> 0' : '>= 0'}, ` +
      `like 1e-4; got "${text}"`);
  }
  return n;
}

function layers(): number[] {
  const text = field('layers').value;
  const parts = text.split(',').map((s) => s.trim());
  if (!parts.every((p) => /^\d+$/.test(p) && Number(p) >= 1)) {
    throw new SettingsError(`layers needs hidden sizes >= 1 separated by commas, like 20,10; ` +
      `got "${text}"`);
  }
  return parts.map(Number);
}

/** The form's settings; throws SettingsError naming the first bad field. */
export function readSettings(): Settings {
  const activation = field('activation').value as Activation;
  if (!ACTIVATIONS.includes(activation)) {
    throw new SettingsError(`activation must be one of ${ACTIVATIONS.join(', ')}`);
  }
  return {
    layers: layers(), activation, epochs: whole('epochs', 1), batch: whole('batch', 1),
    lr: real('lr', true), l2: real('l2', false), seed: whole('seed', 0, 2 ** 32 - 1),
  };
}

/** Locks the form while a run uses its values. */
export function lockSettings(locked: boolean): void {
  for (const element of Array.from(form().elements)) {
    (element as HTMLInputElement).disabled = locked;
  }
}
