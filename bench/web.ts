// `npm run bench:web`: the web application in Debian's Chromium, on the seeded record.
// Prints, per page, the time until it is interactive from a cold browser cache (navigation start
// to the page's content rendered, taken in the browser by a MutationObserver), the JavaScript it
// loads (gzipped, as sent) and the API calls it makes to render. Budgets (issue #15): start page <= 1 s, JS of the
// first page <= 250 KB gzipped, no page more than 4 API calls.
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const port = Number(process.env.BENCH_WEB_PORT ?? 4320);
const base = `http://127.0.0.1:${port}`;
const PAGES: { name: string; path: string; ready: string }[] = [
  { name: 'Start', path: '/', ready: '.ek-cards li' },
  { name: 'Konferenz', path: '/konferenzen/20', ready: 'table' },
  { name: 'Beschluss', path: '/konferenzen/20/top/4.5', ready: '.ek-demands li' },
  { name: 'Forderung', path: '/forderungen/__DEMAND__', ready: '.ek-timeline li, .ek-history' },
  { name: 'Forderungen (gefiltert)', path: '/forderungen?adressat=KMK&offen=1', ready: '.ek-demands li' },
  { name: 'Wiederkehrende Forderungen', path: '/wiederkehrende-forderungen', ready: 'table' },
  { name: 'Kette', path: '/wiederkehrende-forderungen/1', ready: '.ek-timeline li' },
  { name: 'Suche', path: '/suche?q=Sprachf%C3%B6rderung', ready: 'mark' },
];

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not up: ${url}`);
}

let server: ChildProcess | null = null;
try {
  // Its own process group, so the server (under tsx) ends with the bench whatever happens.
  server = spawn('node_modules/.bin/tsx', ['test/e2e/serve.ts'], {
    env: { ...process.env, E2E_PORT: String(port), E2E_STATE: join(tmpdir(), `ek-bench-web-${port}.json`) },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  await waitFor(`${base}/health`, 60_000);
  const demand = ((await (await fetch(`${base}/api/v1/conferences/20/resolutions/4.5`)).json()) as { demands: { id: number }[] }).demands[0]
    ?.id;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const rows: string[][] = [];
  let failed = false;
  for (const p of PAGES) {
    const times: number[] = [];
    let js = 0;
    let apiCalls = 0;
    for (let run = 0; run < 3; run++) {
      // A new context each run: empty cache, no service worker, nothing kept.
      const context = await browser.newContext();
      const page = await context.newPage();
      let runJs = 0;
      let runApi = 0;
      page.on('response', async (res) => {
        const url = new URL(res.url());
        if (url.pathname.startsWith('/api/')) runApi++;
        if (res.request().resourceType() === 'script') {
          const sizes = await res.request().sizes();
          runJs += sizes.responseBodySize;
        }
      });
      // The moment the content is in the document, taken in the page itself: asking over the
      // DevTools protocol afterwards adds the harness's round trip (hundreds of ms on a busy machine).
      await page.addInitScript((selector: string) => {
        const w = window as unknown as { __ekReady?: number };
        new MutationObserver((_records, observer) => {
          if (w.__ekReady === undefined && document.querySelector(selector)) {
            w.__ekReady = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      }, p.ready);
      await page.goto(base + p.path.replace('__DEMAND__', String(demand)), { waitUntil: 'commit' });
      await page.waitForSelector(p.ready);
      times.push(await page.evaluate(() => (window as unknown as { __ekReady?: number }).__ekReady ?? performance.now()));
      await page.waitForLoadState('networkidle');
      js = runJs;
      apiCalls = runApi;
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[1] ?? 0;
    if (p.name === 'Start' && (median > 1000 || js > 250 * 1024)) failed = true;
    if (apiCalls > 4) failed = true;
    console.error(`${p.name}: ${median.toFixed(0)} ms`);
    rows.push([p.name, `${median.toFixed(0)} ms`, `${(js / 1024).toFixed(1)} KB`, String(apiCalls)]);
  }
  await browser.close();
  const head = ['Seite', 'interaktiv (Median von 3, kalt)', 'JS gzip', 'API-Aufrufe'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
  console.log(
    failed ? 'Budget überschritten.' : 'Alle Budgets eingehalten (Start <= 1000 ms, JS <= 250 KB gzip, <= 4 API-Aufrufe je Seite).',
  );
  process.exitCode = failed ? 1 : 0;
} finally {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
}
