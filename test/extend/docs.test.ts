// Every code sample in docs/ runs. A doc's ```ts blocks are joined in order into one
// program (their imports from 'tapegrad' merged), bundled and run in a Node process of
// its own; each ```text block right after a ```ts block must appear in what it prints,
// in order. A ```ts block that names a file (```ts src/autograd/rules.ts) quotes the
// source: it must appear in that file word for word. The programs also type-check under
// the project's strict settings, and "`src/x.ts` (N lines)" in prose is checked too.
// docs/api.md is generated, and checked against the source by api-docs.test.ts.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import { runTypeScript } from './run-in-node.js';

const DOCS = path.join(REPO_ROOT, 'docs');

interface Block {
  lang: string;
  info: string;
  body: string;
  line: number;
}

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\w*)[ \t]*(.*)\n([\s\S]*?)^```$/gm;
  for (const m of markdown.matchAll(re)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    out.push({ lang: m[1]!, info: m[2]!.trim(), body: m[3]!, line });
  }
  return out;
}

/** The program of a doc: its runnable blocks, with one merged import from 'tapegrad'. */
function program(runnable: Block[]): string {
  const names = new Set<string>();
  const importRe = /import\s*\{([^}]*)\}\s*from\s*'tapegrad';\n?/g;
  const code = runnable.map((b) => `// docs line ${b.line}\n${b.body.replace(importRe,
    (_m, list: string) => {
      for (const n of list.split(',').map((s) => s.trim()).filter(Boolean)) names.add(n);
      return '';
    })}`).join('\n');
  return `import { ${[...names].join(', ')} } from 'tapegrad';\n${code}`;
}

/** ```text blocks that directly follow a runnable block (only blank lines between). */
function expectedOutputs(markdown: string, all: Block[]): Block[] {
  return all.filter((b, k) => {
    const prev = all[k - 1];
    if (b.lang !== 'text' || !prev || prev.lang !== 'ts' || prev.info) return false;
    const between = markdown.split('\n').slice(prev.line + prev.body.split('\n').length,
      b.line - 1);
    return between.every((l) => l.trim() === '');
  });
}

const guides = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'api.md');

describe.each(guides)('docs/%s', (file) => {
  const markdown = readFileSync(path.join(DOCS, file), 'utf8');
  const all = blocks(markdown);
  const runnable = all.filter((b) => b.lang === 'ts' && !b.info);
  const quotes = all.filter((b) => b.lang === 'ts' && b.info);

  it.runIf(runnable.length > 0)('runs, printing every text block that follows code',
    async () => {
      const run = await runTypeScript(`doc-${file.replace(/\.md$/, '')}`, program(runnable));
      expect(run.code, `${file}: the program failed\n${run.stderr}`).toBe(0);
      let from = 0;
      for (const b of expectedOutputs(markdown, all)) {
        const at = run.stdout.indexOf(b.body, from);
        expect(at, `${file} line ${b.line}: this output is not printed (in order); the ` +
          `program printed:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
        from = at + b.body.length;
      }
    });

  it.runIf(quotes.length > 0)('quotes the source word for word', () => {
    for (const q of quotes) {
      const source = readFileSync(path.join(REPO_ROOT, q.info), 'utf8');
      expect(source.includes(q.body), `${file} line ${q.line} quotes ${q.info}`).toBe(true);
    }
  });

  it('has only ts and text blocks (anything else would go unchecked)', () => {
    expect(all.filter((b) => !['ts', 'text'].includes(b.lang)).map((b) => b.line)).toEqual([]);
  });
});

describe('all guides', () => {
  it('type-check under the project\'s strict settings', () => {
    const dir = path.join(REPO_ROOT, 'out/docs-typecheck');
    mkdirSync(dir, { recursive: true });
    const files = guides.map((file) => {
      const runnable = blocks(readFileSync(path.join(DOCS, file), 'utf8'))
        .filter((b) => b.lang === 'ts' && !b.info);
      const target = path.join(dir, file.replace(/\.md$/, '.ts'));
      writeFileSync(target, program(runnable));
      return target;
    });
    const config = ts.readConfigFile(path.join(REPO_ROOT, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT);
    const tsProgram = ts.createProgram(files, { ...options, noEmit: true, baseUrl: REPO_ROOT,
      paths: { tapegrad: ['src/index.ts'] } });
    const problems = ts.getPreEmitDiagnostics(tsProgram).map((d) =>
      ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getNewLine: () => '\n',
        getCurrentDirectory: () => REPO_ROOT }));
    expect(problems).toEqual([]);
  });

  it('state line counts that are true', () => {
    let claims = 0;
    for (const file of guides) {
      const prose = readFileSync(path.join(DOCS, file), 'utf8');
      for (const m of prose.matchAll(/`(src\/[\w/.-]+\.ts)` \((\d+) lines\)/g)) {
        const lines = readFileSync(path.join(REPO_ROOT, m[1]!), 'utf8').split('\n').length - 1;
        expect(lines, `${file}: ${m[1]}`).toBe(Number(m[2]));
        claims++;
      }
    }
    expect(claims).toBeGreaterThan(0);
  });
});
