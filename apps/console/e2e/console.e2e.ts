import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api } from './api.js';
import { launchBrowser, type TestBrowser } from './browser.js';
import { shoot } from './shots.js';
import { closeDrawer, confirmPop, dialog, login, logout, pick, toast } from './ui.js';

/*
 * The product as its users use it, in Debian's Chromium against the real gateway and services:
 * a platform admin creates a district; its admin builds the territory, imports members, applies
 * the compound's branch recommendation and sees coverage change; a work-unit admin assigns a
 * member to the compound and the branch secretary confirms. Each main page is photographed at
 * desktop and phone widths.
 */

const base = inject('gatewayUrl');
const platformAdmin = inject('platformAdmin');
const TENANT = { code: '370811', name: '任城区', city: '济宁市' };
const ADMIN = { tenantCode: TENANT.code, username: 'admin', password: 'Admin-Pass-1' };
const UNIT_ADMIN = { tenantCode: TENANT.code, username: 'unitadmin', password: 'Unit-Pass-1' };
const SECRETARY = { tenantCode: TENANT.code, username: 'secretary', password: 'Secr-Pass-1' };

const MEMBERS_HEADER =
  '姓名,性别,出生年份,手机号,街道,社区,小区,党员类别,管理方式,组织关系所在单位,是否业主,入党日期';
const GOOD_MEMBERS = [
  MEMBERS_HEADER,
  '张红,女,1975,13800000001,古槐街道,运河社区,幸福里小区,正式,自管,,是,2001-07-01',
  '王强,男,1968,13800000002,古槐街道,运河社区,幸福里小区,正式,自管,,是,1995-06-15',
  '刘芳,女,1982,13800000003,古槐街道,运河社区,幸福里小区,正式,自管,,否,2010-05-04',
  '李军,男,1980,13800000005,古槐街道,运河社区,幸福里小区,正式,非自管,济宁市第一中学,是,2005-06-15',
].join('\n');
const BAD_MEMBERS = [
  MEMBERS_HEADER,
  '张红,女,1975,13800000001,古槐街道,运河社区,幸福里小区,正式,自管,,是,2001-07-01',
  '王强,男,1968,12345,古槐街道,运河社区,幸福里小区,正式,自管,,是,1995-06-15',
  ',未知,1982,13800000003,古槐街道,运河社区,幸福里小区,正式,自管,,否,2010-05-04',
].join('\n');

let desktop: TestBrowser;
let page: Page;

async function freshPage(): Promise<Page> {
  const p = await desktop.context.newPage();
  p.on('pageerror', (e) => console.error('page error:', e.message));
  p.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/api/'))
      console.error(`${r.request().method()} ${r.url()} → ${r.status()}`);
  });
  // A call that got no answer at all (reset, aborted) leaves no status to log above.
  p.on('requestfailed', (r) => {
    if (r.url().includes('/api/'))
      console.error(`${r.method()} ${r.url()} → failed: ${r.failure()?.errorText ?? 'unknown'}`);
  });
  return p;
}

async function csvFile(p: Page, name: string, text: string) {
  await p
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
  await p.getByText(/预览：共/).waitFor();
}

/** Opens a node of the territory tree by searching for it, which also unfolds its ancestors. */
async function openNode(p: Page, name: string) {
  const search = p.getByLabel('搜索名称').first();
  await search.fill(name);
  await p.locator('.tree-panel .tree-name', { hasText: name }).first().click();
  await dialog(p).waitFor();
}

describe('the console in a real browser', () => {
  beforeAll(async () => {
    desktop = await launchBrowser(base, 'desktop');
    page = await freshPage();
  });
  afterAll(async () => {
    await desktop?.close();
  });
  // A failed step leaves a picture of where the browser was, for whoever reads the log.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !page) return;
    const file = path.join(
      tmpdir(),
      `console-e2e-failed-${task.name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`,
    );
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.error(
      `failed at ${page.url()}; screenshot: ${file}; service logs: ${tmpdir()}/console-e2e-*.log`,
    );
  });

  it('a platform admin creates a district tenant with its first admin', async () => {
    await page.goto('/login');
    await shoot(page, '01-login', 'desktop');
    await login(page, platformAdmin);
    await page.goto('/platform/tenants');
    await page.getByRole('button', { name: '新建区县' }).click();
    const d = dialog(page);
    await d.getByLabel('区县代码').fill(TENANT.code);
    await d.getByLabel('区县名称').fill(TENANT.name);
    await d.getByLabel('所属市').fill(TENANT.city);
    await d.getByLabel('管理员用户名').fill(ADMIN.username);
    await d.getByLabel('管理员姓名').fill('区管理员');
    await d.getByLabel('初始密码').fill(ADMIN.password);
    await d.getByRole('button', { name: '新建' }).click();
    // The new tenant's page, with its settings and their defaults.
    await page.waitForURL(/\/platform\/tenants\/[0-9a-f-]{36}$/);
    await page.getByText('默认：3').waitFor();
    await shoot(page, '03-tenant-settings', 'desktop');
    await page.goto('/platform/tenants');
    await page.getByRole('link', { name: TENANT.name }).waitFor();
    await shoot(page, '02-tenants', 'desktop');
    await logout(page);
  });

  it('its admin builds street, community, grid and compound, with the Party committees above them', async () => {
    await login(page, ADMIN);
    await shoot(page, '04-home', 'desktop');
    await page.goto('/org/tree');
    await page.getByRole('button', { name: '新建街道' }).click();
    await dialog(page).getByLabel('名称').fill('古槐街道');
    await dialog(page).getByRole('button', { name: '保存' }).click();
    await page.locator('.tree-panel .tree-name', { hasText: '古槐街道' }).waitFor();

    await openNode(page, '古槐街道');
    await page.getByTestId('form-committee').click();
    await page.getByText('古槐街道党工委').first().waitFor();
    await page.getByRole('button', { name: '新增社区' }).click();
    await dialog(page).getByLabel('名称').fill('运河社区');
    await dialog(page).getByRole('button', { name: '保存' }).click();
    await closeDrawer(page);

    await openNode(page, '运河社区');
    await page.getByTestId('form-committee').click();
    await page.getByText('运河社区党委').first().waitFor();
    await page.getByRole('button', { name: '新增网格' }).click();
    await dialog(page).getByLabel('名称').fill('一网格');
    await dialog(page).getByRole('button', { name: '保存' }).click();
    await closeDrawer(page);

    await openNode(page, '一网格');
    await page.getByRole('button', { name: '新增小区' }).click();
    await dialog(page).getByLabel('名称').fill('幸福里小区');
    await dialog(page).getByLabel('户数').fill('320');
    await dialog(page).getByLabel('地址').fill('古槐路 12 号');
    await dialog(page).getByRole('button', { name: '保存' }).click();
    await closeDrawer(page);
    // A small tree opens down to its compounds.
    await page.getByLabel('搜索名称').first().fill('');
    await page.locator('.tree-panel .tree-name', { hasText: '幸福里小区' }).waitFor();
    // The Party organisation tree beside it now holds the two committees.
    await page.locator('.tree-panel').nth(1).getByText('运河社区党委').waitFor();
    await shoot(page, '05-org-tree', 'desktop');
  });

  it('imports members: a bad file shows each bad row, a good one goes in', async () => {
    await page.goto('/org/members/import');
    await csvFile(page, '党员名册.csv', BAD_MEMBERS);
    await page.getByRole('button', { name: '开始导入' }).click();
    const alert = page.getByRole('alert').filter({ hasText: '未导入任何数据' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('2 行有问题');
    const row3 = page.getByTestId('row-problems-3');
    await row3.waitFor();
    expect(await row3.textContent()).toContain('手机号');
    const row4 = await page.getByTestId('row-problems-4').textContent();
    expect(row4).toContain('姓名：必填');
    expect(row4).toContain('性别');
    expect(await page.getByTestId('row-problems-2').count()).toBe(0);
    await shoot(page, '08-member-import-errors', 'desktop');

    await csvFile(page, '党员名册.csv', GOOD_MEMBERS);
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText(/导入完成：4 行，新增党员 4 名/).waitFor();

    await page.goto('/org/members');
    await page.getByRole('cell', { name: /张红/ }).first().waitFor();
    await shoot(page, '07-members', 'desktop');
  });

  it("the compound's recommendation appears with the counts behind it, and is applied", async () => {
    await page.goto('/org/tree');
    await openNode(page, '幸福里小区');
    await page.getByRole('button', { name: '打开小区主页' }).click();
    await page.waitForURL(/\/org\/compounds\/[0-9a-f-]{36}$/);
    const card = page.getByTestId('formation-card');
    await card.getByTestId('recommended-form').waitFor();
    expect(await card.getByTestId('recommended-form').textContent()).toBe('小区党支部');
    expect(await card.textContent()).toMatch(/自管正式党员\s*3/);
    await card.getByTestId('apply-recommendation').click();
    await confirmPop(page);
    await card.getByTestId('current-form').waitFor();
    expect(await card.getByTestId('current-form').textContent()).toBe('小区党支部');
    await toast(page, /已采纳/);
    await shoot(page, '06-compound', 'desktop');
  });

  it('coverage updates: the one compound is covered', async () => {
    await page.goto('/coverage');
    const percent = page.getByTestId('coverage-percent');
    await percent.waitFor();
    await expect.poll(() => percent.textContent(), { timeout: 20_000 }).toBe('100%');
    await page.getByText('所有小区都已被党支部覆盖').waitFor();
    await shoot(page, '09-coverage', 'desktop');
  });

  it('the admin registers a work unit and gives the unit admin and the secretary their accounts and scopes', async () => {
    await page.goto('/dual/work-units');
    await page.getByRole('button', { name: '登记单位' }).click();
    await dialog(page).getByLabel('单位名称').fill('济宁市财政局');
    await dialog(page).getByLabel('单位党组织').fill('市财政局机关党委');
    await dialog(page).getByRole('button', { name: '确定' }).click();
    await page.getByRole('link', { name: '济宁市财政局' }).waitFor();
    await shoot(page, '12-work-units', 'desktop');

    await page.goto('/admin/users');
    for (const u of [
      { ...UNIT_ADMIN, name: '王会计', role: '单位管理员', scope: 'scope-work-units', unit: '济宁市财政局' },
      { ...SECRETARY, name: '张红', role: '支部书记', scope: 'scope-branches', unit: '幸福里小区党支部' },
    ]) {
      await page.getByRole('button', { name: '新建用户' }).click();
      const d = dialog(page);
      await d.getByLabel('用户名').fill(u.username);
      await d.getByLabel('姓名').fill(u.name);
      await d.getByLabel('初始密码').fill(u.password);
      await pick(d, '角色', u.role);
      await page.keyboard.press('Escape');
      await d.getByTestId(u.scope).click();
      await page.locator('.ant-select-dropdown:visible').getByTitle(u.unit).first().click();
      await page.keyboard.press('Escape');
      await d.getByRole('button', { name: '保存' }).click();
      await page.getByRole('cell', { name: new RegExp(u.username) }).waitFor();
    }
    await shoot(page, '10-users', 'desktop');
    await page.goto('/admin/audit');
    await page.getByText('user.created').first().waitFor();
    await shoot(page, '11-audit-log', 'desktop');
    await logout(page);
  });

  it('the work-unit admin adds a member and assigns them to the compound', async () => {
    await login(page, UNIT_ADMIN);
    await page.goto('/dual/work-units');
    await page.waitForURL(/\/dual\/work-units\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: '添加党员' }).click();
    await dialog(page).getByLabel('姓名').fill('孙伟');
    await dialog(page).getByLabel('手机号').fill('13900000001');
    await dialog(page).getByRole('button', { name: '保存' }).click();
    await page.getByRole('cell', { name: '孙伟' }).waitFor();

    await page.getByRole('button', { name: '分配到小区' }).click();
    // dual-reporting learns of the compound from org's events; the picker lists it once it has.
    await pick(dialog(page), '居住小区', '幸福里小区', '幸福里');
    await dialog(page).getByLabel('楼栋房号').fill('3号楼2单元301');
    await dialog(page).getByRole('button', { name: '确定' }).click();
    await toast(page, '已提交报到');
    await page.getByText('待确认').first().waitFor();
    await shoot(page, '13-work-unit', 'desktop');
    await logout(page);
  });

  it('the branch secretary confirms the report', async () => {
    await login(page, SECRETARY);
    await page.goto('/dual/reports');
    const row = page.getByRole('row', { name: /孙伟/ });
    await row.waitFor();
    await shoot(page, '14-reports', 'desktop');
    await row.getByRole('button', { name: '确认报到' }).click();
    await confirmPop(page);
    await toast(page, '已确认 孙伟 的报到');
    const unitAdmin = await Api.login(base, UNIT_ADMIN.username, UNIT_ADMIN.password, UNIT_ADMIN.tenantCode);
    const members = await unitAdmin.get<{
      items: { name: string; reportStatus: string; compoundName: string }[];
    }>('/api/dual-reporting/v1/in-service-members');
    expect(members.items).toEqual([
      expect.objectContaining({ name: '孙伟', reportStatus: 'confirmed', compoundName: '幸福里小区' }),
    ]);
    await page.goto('/dual/tasks');
    await shoot(page, '15-tasks', 'desktop');
    // A secretary's menu has no district administration.
    expect(await page.getByRole('menuitem', { name: '用户与角色' }).count()).toBe(0);
    await page.goto('/admin/users');
    await page.getByText('没有权限访问此页面').waitFor();
    await logout(page);
  });

  it('every main page at desktop and 375 px phone widths', async () => {
    await login(page, ADMIN);
    const adminPages: [string, string][] = [
      ['16-elections', '/org/elections'],
      ['17-grid-staff', '/org/grid-staff'],
      ['18-funds', '/org/funds'],
      ['19-service-accounts', '/admin/service-accounts'],
      ['20-district-settings', '/admin/settings'],
    ];
    for (const [name, url] of adminPages) {
      await page.goto(url);
      await shoot(page, name, 'desktop');
    }
    const compoundUrl = await (async () => {
      await page.goto('/org/members');
      await page.getByRole('link', { name: '幸福里小区' }).first().click();
      await page.waitForURL(/\/org\/compounds\//);
      return new URL(page.url()).pathname;
    })();

    const phone = await launchBrowser(base, 'phone');
    try {
      const p = await phone.context.newPage();
      await p.goto('/login');
      await shoot(p, '01-login', 'phone');
      await login(p, platformAdmin);
      await p.goto('/platform/tenants');
      await p.getByText(TENANT.name).first().waitFor();
      await shoot(p, '02-tenants', 'phone');
      await logout(p);
      await login(p, ADMIN);
      // On a phone the menu sits behind a button.
      await p.getByRole('button', { name: '菜单' }).click();
      await p.locator('.ant-drawer-open').getByText('组织建设').waitFor();
      await shoot(p, '00-menu', 'phone', false);
      await p.keyboard.press('Escape');
      const pages: [string, string][] = [
        ['04-home', '/'],
        ['05-org-tree', '/org/tree'],
        ['06-compound', compoundUrl],
        ['07-members', '/org/members'],
        ['09-coverage', '/coverage'],
        ['10-users', '/admin/users'],
        ['12-work-units', '/dual/work-units'],
        ['16-elections', '/org/elections'],
        ['17-grid-staff', '/org/grid-staff'],
        ['18-funds', '/org/funds'],
        ['20-district-settings', '/admin/settings'],
      ];
      for (const [name, url] of pages) {
        await p.goto(url);
        await shoot(p, name, 'phone');
        // Nothing is wider than the phone: no sideways scrolling of the page itself.
        const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${url} is wider than the phone`).toBeLessThanOrEqual(1);
      }
      await logout(p);
      await login(p, SECRETARY);
      await p.goto('/dual/reports');
      await shoot(p, '14-reports', 'phone');
      await logout(p);
      await login(p, UNIT_ADMIN);
      await p.goto('/dual/work-units');
      await p.waitForURL(/\/dual\/work-units\/[0-9a-f-]{36}$/);
      await shoot(p, '13-work-unit', 'phone');
    } finally {
      await phone.close();
    }
  });
});
