// Writes docs/api.md, the API reference, from the source: every name src/index.ts
// exports, as TypeScript's declaration emit prints it (signatures and doc comments,
// no bodies), grouped by the module that defines it under that module's own opening
// comment. `--check` writes nothing and fails when docs/api.md differs, which is how
// the tests keep the reference from drifting.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ENTRY = path.join(ROOT, 'src/index.ts');
const TARGET = path.join(ROOT, 'docs/api.md');

const OPTIONS = {
  declaration: true, emitDeclarationOnly: true, strict: true, skipLibCheck: true,
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['@webgpu/types', 'node'],
};

/** The opening `//` comment of a source file: what the module is for. */
function moduleIntro(file) {
  const lines = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/ ?/, ''));
  }
  return lines.join('\n').trim();
}

/** Top-level statements of a .d.ts text that declare `name`, with their doc comments. */
function declarationsOf(dts, name) {
  const sf = ts.createSourceFile('x.d.ts', dts, ts.ScriptTarget.ES2022, true);
  const names = (s) => (ts.isVariableStatement(s)
    ? s.declarationList.declarations.map((d) => d.name.getText(sf)) : [s.name?.getText(sf)]);
  return sf.statements.filter((s) => names(s).includes(name))
    .map((s) => s.getFullText(sf).replace(/^\s*\n/, '').trimEnd()
      .split('\n').filter((l) => !/^\s+private /.test(l)).join('\n'));
}

function collect() {
  const program = ts.createProgram([ENTRY], OPTIONS);
  const emitted = new Map();
  program.emit(undefined, (file, text) => emitted.set(path.resolve(file), text));
  const checker = program.getTypeChecker();
  const entry = checker.getSymbolAtLocation(program.getSourceFile(ENTRY));
  const modules = new Map(); // source file -> [{ name, text }]
  for (const exported of checker.getExportsOfModule(entry)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias
      ? checker.getAliasedSymbol(exported) : exported;
    const source = symbol.declarations[0].getSourceFile().fileName;
    const dts = emitted.get(path.resolve(source.replace(/\.ts$/, '.d.ts')));
    const texts = declarationsOf(dts, symbol.name);
    if (texts.length === 0) {
      throw new Error(`internal: api-docs found no declaration of ${symbol.name} in ${source}`);
    }
    if (!modules.has(source)) modules.set(source, []);
    modules.get(source).push({ name: exported.name, text: texts.join('\n') });
  }
  return modules;
}

function render(modules) {
  const out = [
    '# API reference',
    '',
    'Every name that `src/index.ts` (the package `tapegrad`) exports, grouped by the',
    'module that defines it. Generated from the source by `npm run docs:api`',
    '(scripts/api-docs.mjs): the signatures are TypeScript\'s own declarations, the',
    'prose is the doc comments beside the code. Do not edit by hand; the tests fail',
    'when this file and the source disagree. The runnable guides are',
    '[tape-and-backward.md](tape-and-backward.md) and [custom-op.md](custom-op.md).',
    '',
  ];
  for (const [file, items] of modules) {
    const rel = path.relative(ROOT, file);
    out.push(`## ${rel}`, '', moduleIntro(file), '');
    for (const { name, text } of items) {
      out.push(`### ${name}`, '', '```typescript', text, '```', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const text = render(collect());
if (process.argv.includes('--check')) {
  const current = readFileSync(TARGET, 'utf8');
  if (current !== text) {
    console.error('api-docs: docs/api.md is out of date with the source\n' +
      'hint: run `npm run docs:api` and commit docs/api.md');
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, text);
}
