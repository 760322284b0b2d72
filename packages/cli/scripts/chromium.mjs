// Debian's Chromium driven by playwright-core, the one browser setup the page's
// tests and the README screenshot use: headless, no browser download, no network
// features of its own (no sync, no component updates, no QUIC), a fresh profile
// in a temp dir each time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.COSTKIT_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A browser context with its own profile directory; close() closes it and removes
 * the profile. `viewport` defaults to a laptop screen.
 */
export async function launchChromium({ viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'costkit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor,
    offline: false,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
