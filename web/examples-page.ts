// The examples page: runs each program of examples/ in this page, as Node runs it. The
// page imports the example's bundle (examples/<name>.mjs, its code unchanged), calls its
// main(log), shows each line it logs as it comes, then the value main() returned, or the
// error it threw: the message as the library wrote it, and where it was thrown.
import { byId, el, setStatus } from './dom.js';
import { installErrorBanner } from './errors-view.js';
import { startWebGpu } from './webgpu-status.js';

/** What every example module exports (test/extend/examples.test.ts checks it). */
interface Example {
  main(log: (line: string) => void): Promise<unknown>;
}

// The examples share the library's one device, and each closes it when it ends, so they
// run one at a time: every Run button is off while one runs.
const runButtons: HTMLButtonElement[] = [];

/** The error's message, then the stack frames, when the stack has more than the message. */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `thrown: ${String(e)}`;
  const header = `${e.name}: ${e.message}`;
  const stack = e.stack ?? '';
  const frames = stack.startsWith(header) ? stack.slice(header.length).replace(/^\n+/, '')
    : stack;
  return frames ? `${header}\n\n${frames}` : header;
}

async function importExample(name: string): Promise<Example> {
  // A URL built at run time, so esbuild leaves the import to the browser.
  const url = new URL(`./examples/${name}.mjs`, import.meta.url).href;
  return await import(url) as Example;
}

async function run(name: string): Promise<void> {
  const log = byId(`log-${name}`);
  const result = byId(`result-${name}`);
  const error = byId(`error-${name}`);
  log.textContent = '';
  result.hidden = error.hidden = true;
  for (const b of runButtons) b.disabled = true;
  setStatus(`status-${name}`, 'running', 'Running…');
  const start = performance.now();
  const seconds = () => ((performance.now() - start) / 1000).toFixed(1);
  try {
    const example = await importExample(name);
    const value = await example.main((line) => log.append(`${line}\n`));
    byId(`returned-${name}`).textContent = JSON.stringify(value);
    result.hidden = false;
    setStatus(`status-${name}`, 'done', `Done in ${seconds()} s.`);
  } catch (e) {
    error.textContent = describeError(e);
    error.hidden = false;
    setStatus(`status-${name}`, 'error', `Failed after ${seconds()} s: the error is below.`);
    console.error(e);
  } finally {
    for (const b of runButtons) b.disabled = false;
  }
}

/** Gives a section[data-example] its Run button, status line and output. */
function addControls(section: HTMLElement): void {
  const name = section.dataset.example!;
  const button = el('button', { id: `run-${name}`, type: 'button', class: 'primary' }, 'Run');
  button.addEventListener('click', () => void run(name));
  runButtons.push(button);
  section.append(
    button,
    el('p', { id: `status-${name}`, class: 'status', 'data-state': 'idle' }, 'Not run yet.'),
    el('pre', { id: `log-${name}`, class: 'log', 'aria-live': 'polite' }),
    el('div', { id: `result-${name}`, hidden: '' },
      el('h3', {}, 'main() returned'), el('pre', { id: `returned-${name}`, class: 'log' })),
    el('pre', { id: `error-${name}`, class: 'log error-text', role: 'alert', hidden: '' }),
  );
}

installErrorBanner();
document.querySelectorAll<HTMLElement>('[data-example]').forEach(addControls);
// Without WebGPU the banner says why and how to enable it; Run stays on and shows the
// library's own error, as the example would give it in Node.
await startWebGpu();
