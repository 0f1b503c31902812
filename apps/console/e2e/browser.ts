import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/*
 * Debian's Chromium driven by playwright-core: no browser download (this machine has no outside
 * network), a fresh profile (user-data-dir) per browser, and the flags that keep Chromium from
 * phoning home.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 375, height: 812 };

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** One Chromium with a fresh profile, as a desktop or a 375 px phone. */
export async function launchBrowser(
  baseURL: string,
  device: 'desktop' | 'phone' = 'desktop',
): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'hongfan-chromium-'));
  const phone = device === 'phone';
  // Playwright passes the profile folder to Chromium as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    baseURL,
    viewport: phone ? PHONE : DESKTOP,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
