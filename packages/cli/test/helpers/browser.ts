import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.mjs';

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
  /** Every URL the page asked for, the page itself included. */
  requests: string[];
}

export type Browser = Awaited<ReturnType<typeof launchChromium>>;

export const startBrowser = () => launchChromium();

/** Opens a file in a new tab of `browser`, recording errors and requests from the first byte. */
export async function openFile(browser: Browser, file: string): Promise<OpenedPage> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, errors, requests };
}
