import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Signs in through the login page (a platform admin leaves the district code out). */
export async function login(page: Page, user: { tenantCode?: string; username: string; password: string }) {
  await page.goto('/login');
  if (user.tenantCode) await page.getByLabel('区县代码').fill(user.tenantCode);
  else await page.getByText('平台管理员', { exact: true }).click();
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByTestId('user-menu').waitFor();
}

export async function logout(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/login'));
}

/** The open modal or drawer (the last one opened). */
export function dialog(page: Page): Locator {
  return page.locator('.ant-modal-wrap:visible .ant-modal, .ant-drawer-open .ant-drawer-section').last();
}

/** Confirms the open Popconfirm. */
export async function confirmPop(page: Page) {
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '确定' }).click();
}

/** Opens an antd Select/TreeSelect by its form label and picks the option with this text. */
export async function pick(scope: Locator | Page, label: string, option: string, search?: string) {
  const field = scope.getByLabel(label, { exact: true });
  await field.click();
  if (search) await field.fill(search);
  const page = 'page' in scope ? scope.page() : scope;
  await page
    .locator('.ant-select-dropdown:visible, .ant-select-tree-dropdown:visible')
    .last()
    .getByTitle(option, { exact: false })
    .first()
    .click();
}

/** Expects a success message toast. */
export async function toast(page: Page, text: string | RegExp) {
  await expect
    .poll(async () => (await page.locator('.ant-message').textContent()) ?? '', { timeout: 15_000 })
    .toMatch(text);
}

/** Closes the open drawer with its close button. */
export async function closeDrawer(page: Page) {
  await page.locator('.ant-drawer-open .ant-drawer-close').last().click();
  await page
    .locator('.ant-drawer-open')
    .waitFor({ state: 'detached' })
    .catch(() => {});
}
