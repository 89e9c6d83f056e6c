import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { launchChromium } from './chromium.js';
import { startZeroSetup, type RunningSystem } from './zero-setup-system.js';

export const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
export const FAILURES = path.join(import.meta.dirname, 'failures');
export const PASSWORD = 'ventanilla-demo';

/** What every browser test file shares: the system it drives, one Chromium, and fresh pages in it. */
export interface BrowserHarness {
  baseUrl: string;
  browser: Browser;
  /**
   * A page in a context of its own (cookies, language): 1280×800, English, Mexico City time, reduced motion,
   * unless `options` say otherwise. A failing test leaves a picture of the page (not committed: see .gitignore),
   * named after the test and `tag`.
   */
  newPage(options?: BrowserContextOptions, tag?: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts the built zero-setup system on a temporary data folder and port — or uses the one VENTANILLA_URL points at
 * (handy while developing the UI) — and Chromium.
 */
export async function openHarness(): Promise<BrowserHarness> {
  let system: RunningSystem | null = null;
  let baseUrl: string;
  if (process.env.VENTANILLA_URL) baseUrl = process.env.VENTANILLA_URL;
  else {
    system = await startZeroSetup();
    baseUrl = system.baseUrl;
  }
  const browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(FAILURES, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    baseUrl,
    browser,
    async newPage(options = {}, tag) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: 1280, height: 800 },
        locale: 'en-US',
        timezoneId: 'America/Mexico_City',
        // The app honours it (no fades), so a screen is checked as it stands, not halfway through a transition.
        reducedMotion: 'reduce',
        ...options,
      });
      contexts.push(context);
      const page = await context.newPage();
      onTestFailed(async ({ task }) => {
        const name = `${task.name.replace(/\W+/g, '-').slice(0, 60)}${tag ? `-${tag}` : ''}.png`;
        await page.screenshot({ path: path.join(FAILURES, name) }).catch(() => {});
      });
      return page;
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await system?.stop();
    },
  };
}

/** Signs in on the English sign-in page by the form, and waits to leave it. */
export async function signInByForm(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}
