import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/test-server.js';
import { ensureWebBuild } from './web-build.js';

// Without the background-networking flags Chromium keeps dialling out, which this closed network refuses.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const failureShots = join(tmpdir(), 'cairn-e2e');

export interface BrowserSession<S> {
  server: TestServer;
  page: Page;
  seeded: S;
}

/**
 * Registers the hooks of a browser test in the calling `describe`: builds the UI if stale, starts a
 * server on SQLite (with `serverOptions`, e.g. authentication on), seeds it through `seed`, opens Debian's Chromium, and saves a screenshot of the
 * page when a test fails. The returned object is filled in before the first test runs.
 */
export function useBrowserSession<S>(seed: (url: string) => Promise<S>, serverOptions: Omit<TestServerOptions, 'backend'> = {}): BrowserSession<S> {
  const session = {} as BrowserSession<S>;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ensureWebBuild();
    session.server = await startTestServer({ ...serverOptions, backend: 'sqlite' });
    session.seeded = await seed(session.server.url);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    session.page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await session.server?.close();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    mkdirSync(failureShots, { recursive: true });
    const file = join(failureShots, `${context.task.name.replace(/\W+/g, '-')}.png`);
    await session.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`screenshot of the failed page: ${file}`);
  });

  return session;
}
