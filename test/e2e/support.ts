// Browser tests: Hearth served on a free port over a fresh database, driven by Playwright in
// Debian's Chromium, with axe-core (WCAG 2.2 AA) run on every page the test visits. A test that
// loads a page without checking it fails at close(), so "every page visited" stays true.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../support/database.ts';
import { createContainer, type Container } from '../../src/app/container.ts';
import { ensureDemoCouncil } from '../../src/app/demo.ts';
import { DEMO_PASSWORD } from '../../src/app/demo-council.ts';
import { registerJobs } from '../../src/app/jobs.ts';
import { buildApp } from '../../src/web/build-app.ts';

export { DEMO_PASSWORD };

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((c): c is string => Boolean(c));
  const found = candidates[0];
  if (!found) throw new Error('No Chromium: set CHROMIUM_PATH or apt-get install chromium');
  return found;
}

export interface Hearth {
  baseUrl: string;
  container: Container;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Hearth with the synthetic demo council loaded (or an empty database with demo: false). */
export async function startHearth(options: { demo?: boolean } = {}): Promise<Hearth> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-'));
  const database = await createTestDatabase({ HEARTH_DATA_DIR: dataDir });
  let container: Container;
  try {
    container = await createContainer({ ...database.config, dataDir });
  } catch (error) {
    await database.drop();
    throw error;
  }
  let app: FastifyInstance;
  let baseUrl: string;
  try {
    registerJobs(container);
    if (options.demo ?? true) await ensureDemoCouncil(container);
    app = await buildApp(container);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await container.close();
    await database.drop();
    throw error;
  }
  const stopJobs = container.queue.start({ pollMilliseconds: 100 });
  return {
    baseUrl,
    container,
    app,
    async close() {
      await app.close();
      await stopJobs();
      await container.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export class CheckedBrowser {
  readonly page: Page;
  readonly #browser: Browser;
  readonly #baseUrl: string;
  readonly #loaded: string[] = [];
  readonly #checked = new Set<string>();

  private constructor(browser: Browser, page: Page, baseUrl: string) {
    this.#browser = browser;
    this.page = page;
    this.#baseUrl = baseUrl;
    page.on('load', () => this.#loaded.push(page.url()));
  }

  static async open(baseUrl: string): Promise<CheckedBrowser> {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ baseURL: baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return new CheckedBrowser(browser, page, baseUrl);
  }

  /** Runs axe-core on the current page and fails on any WCAG 2.2 AA violation. */
  async checkAccessibility(): Promise<void> {
    await this.page.waitForLoadState('load');
    let results;
    for (let attempt = 1; ; attempt++) {
      try {
        results = await new AxeBuilder({ page: this.page }).withTags(WCAG_TAGS).analyze();
        break;
      } catch (error) {
        // A page that reloads itself (a job's progress page when the job ends) can navigate while
        // axe runs; check the page it became instead.
        if (attempt >= 3 || !/Execution context was destroyed|navigat|Target closed|frame was detached/i.test(String(error))) throw error;
        await this.page.waitForLoadState('load');
      }
    }
    const problems = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
    assert.equal(problems.length, 0, `Accessibility violations on ${this.page.url()}:\n  ${problems.join('\n  ')}`);
    this.#checked.add(this.page.url());
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(new URL(path, this.#baseUrl).href);
    await this.checkAccessibility();
  }

  /** Do something that loads a new page (click a link, submit a form), then check that page. */
  async navigate(action: () => Promise<unknown>): Promise<void> {
    await Promise.all([this.page.waitForEvent('load'), action()]);
    await this.checkAccessibility();
  }

  async signIn(email: string, password: string = DEMO_PASSWORD): Promise<void> {
    await this.goto('/sign-in');
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.navigate(() => this.page.getByRole('button', { name: 'Sign in' }).click());
  }

  async signOut(): Promise<void> {
    await this.navigate(() => this.page.getByRole('button', { name: 'Sign out' }).click());
  }

  async close(): Promise<void> {
    await this.#browser.close();
    const unchecked = [...new Set(this.#loaded)].filter((url) => !this.#checked.has(url));
    assert.deepEqual(unchecked, [], 'Pages were loaded without an accessibility check');
  }
}

/**
 * For a browser test file: Hearth on the demo council and a checked browser, started before the
 * file's tests and closed after them (the browser first, so unchecked pages are reported).
 */
export function demoInBrowser(): { readonly hearth: Hearth; readonly browser: CheckedBrowser } {
  let hearth: Hearth | undefined;
  let browser: CheckedBrowser | undefined;
  before(async () => {
    hearth = await startHearth();
    browser = await CheckedBrowser.open(hearth.baseUrl);
  });
  after(async () => {
    try {
      await browser?.close();
    } finally {
      await hearth?.close();
    }
  });
  return {
    get hearth() {
      if (!hearth) throw new Error('Hearth has not started: use it inside a test');
      return hearth;
    },
    get browser() {
      if (!browser) throw new Error('The browser has not opened: use it inside a test');
      return browser;
    },
  };
}
