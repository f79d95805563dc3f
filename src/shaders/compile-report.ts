// WGSL compiler messages, told in terms of the source the user wrote: its file name,
// line and column, and the line itself with a caret under the spot. Messages about
// the code generated around it say so, with a hint where the usual cause is known.
import type { CustomModule } from './custom.js';

/** The first error, located in the user's source (line 0 when it is in generated code). */
export interface CompileErrorSite {
  message: string;
  line: number;
  column: number;
  sourceLine: string;
}

export interface CompileReport {
  text: string;
  first: CompileErrorSite;
}

interface Message {
  type: string;
  message: string;
  lineNum: number;
  linePos: number;
  length: number;
}

function hintFor(message: string): string {
  if (/unresolved (call target|function) 'compute'/.test(message)) {
    return 'hint: the WGSL must define fn compute(i: u32), run once for each i < p.n';
  }
  if (/redeclar|already declared/.test(message)) {
    return 'hint: the generated code declares p, out, main and each input by name; ' +
      'rename yours';
  }
  return '';
}

function describe(file: string, m: Message, mod: CustomModule, lines: string[]) {
  const line = m.lineNum - mod.firstUserLine + 1;
  const inUser = m.lineNum > 0 && line >= 1 && line <= mod.userLineCount;
  if (!inUser) {
    const where = m.lineNum > 0 ? ` (generated line ${m.lineNum})` : '';
    const text = [`${file}${where}: ${m.type}: ${m.message}`, hintFor(m.message)];
    return { site: { message: m.message, line: 0, column: 0, sourceLine: '' }, text };
  }
  const sourceLine = lines[line - 1] ?? '';
  const gutter = String(line).length;
  const caret = ' '.repeat(Math.max(0, m.linePos - 1)) + '^'.repeat(Math.max(1, m.length));
  const text = [
    `${file}:${line}:${m.linePos}: ${m.type}: ${m.message}`,
    `  ${line} | ${sourceLine}`,
    `  ${' '.repeat(gutter)} | ${caret}`,
    hintFor(m.message),
  ];
  return { site: { message: m.message, line, column: m.linePos, sourceLine }, text };
}

/** A report of the error messages, or null when there are none. */
export function compileReport(file: string, messages: readonly Message[], mod: CustomModule,
  source: string): CompileReport | null {
  const errors = messages.filter((m) => m.type === 'error');
  if (errors.length === 0) return null;
  const lines = source.split('\n');
  const parts = errors.map((m) => describe(file, m, mod, lines));
  const text = parts.flatMap((p) => p.text).filter((t) => t !== '').join('\n');
  return { text, first: parts[0]!.site };
}
