import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

/** Where the browser tests leave a picture of each main page (the README names this folder). */
export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/** Waits for the page to settle (no request in flight, no skeleton), then saves `<name>-<device>.png`. */
export async function shoot(
  page: Page,
  name: string,
  device: 'desktop' | 'phone',
  fullPage = true,
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-skeleton')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
  // Let charts and transitions finish drawing.
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${device}.png`), fullPage });
}
