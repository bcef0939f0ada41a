import { expect, test, type Locator, type Page } from '@playwright/test';
import { createServer } from 'node:net';
import { ADMIN_PASSWORD, ADMIN_USER } from './env';

// Issue 7, the first hour of a Feishu admin (against the plain server, which
// allows loopback platform hosts: playwright.config.ts).

/** Logs in through the Chinese login page, the console's default. */
async function loginZh(page: Page) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(ADMIN_USER);
  await page.getByLabel('密码').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/** Runs a GraphQL operation with the page's session, in a tenant when given. */
async function gql(page: Page, query: string, variables: Record<string, unknown> = {}, tenant?: string) {
  const res = await page.request.post('/query', {
    data: { query, variables },
    headers: tenant ? { 'X-Imbridge-Tenant': tenant } : {},
  });
  const body = await res.json();
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/** The header's language switch. */
async function toEnglish(page: Page) {
  await page.locator('.ant-segmented-item', { hasText: 'EN' }).click();
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** A tenant with a Feishu corp at an unreachable base URL and an app with a secret. */
async function unreachableCorp(page: Page, slug: string) {
  const t = await gql(page, 'mutation($in: CreateTenantInput!) { createTenant(input: $in) { id } }', {
    in: { name: `首小时 ${slug}`, slug },
  });
  const tenant = t.createTenant.id as string;
  const port = await closedPort();
  const c = await gql(
    page,
    'mutation($in: CreateCorpInput!) { createCorp(input: $in) { id } }',
    { in: { platform: 'feishu', name: '内网飞书', apiBaseURL: `http://127.0.0.1:${port}` } },
    tenant,
  );
  const corp = c.createCorp.id as string;
  await gql(
    page,
    'mutation($in: CreateAppInput!) { createApp(input: $in) { id } }',
    { in: { corpID: corp, name: 'OA 应用', appID: 'cli_first_hour', appSecret: 'secret-1' } },
    tenant,
  );
  return { tenant, corp };
}

/**
 * The page does not scroll sideways, and the advice lies within the window
 * (not cut off inside a table that scrolls on its own).
 */
async function expectWithinWidth(page: Page, advice: Locator) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways').toBeTruthy();
  const box = await advice.boundingBox();
  const width = await page.evaluate(() => window.innerWidth);
  expect(box, 'the advice is not laid out').not.toBeNull();
  expect(box!.x, 'the advice starts left of the window').toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, 'the advice ends right of the window').toBeLessThanOrEqual(width);
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  // A phone: the advice wraps inside the page, which never scrolls sideways.
  { width: 390, height: 844 },
]) {
  test(`unreachable platform: a deep link opens the corp, Verify names the host and what to check, in Chinese and English (${size.width}px)`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await loginZh(page);
    // A slug of its own per repeat (--repeat-each): slugs are unique.
    const { corp } = await unreachableCorp(page, `fh-${size.width}-${test.info().repeatEachIndex}`);
    // Several tenants exist and none is picked: the deep link alone opens the corp.
    await page.evaluate(() => localStorage.removeItem('imbridge.tenant'));
    await page.goto(`/integrations/${corp}`);
    await expect(page.locator('.ant-page-header-heading-title')).toHaveText('内网飞书');

    // The app's checklist lists the permissions to enable, by exact scope name, and the contact range.
    await expect(page.getByTestId('scope-contact:contact:readonly_as_app')).toContainText('以应用身份读取通讯录');
    await expect(page.getByTestId('scope-contact:user.employee_id:readonly')).toContainText('获取用户 user ID');
    await expect(page.getByTestId('scope-im:message:send_as_bot')).toBeVisible();
    await expect(page.getByTestId('setup-contact-range')).toContainText('通讯录权限范围');

    // Verify: not "internal error", but a stored result naming the host and the step.
    await page.getByTestId('verify-app').click();
    const advice = page.getByTestId('verify-advice-network');
    await expect(advice).toContainText('无法连接 127.0.0.1');
    await expect(advice).toContainText('出站访问');
    await expect(advice).toContainText('HTTPS_PROXY');
    await expect(page.getByText('internal error')).toHaveCount(0);
    await expect(page.getByTestId('cap-network')).toHaveAttribute('data-ok', 'false');
    await expectWithinWidth(page, advice);

    // Stored: it is there after a reload, and reads in English after the switch.
    await page.reload();
    await toEnglish(page);
    await expect(advice).toContainText('Cannot reach 127.0.0.1');
    await expect(advice).toContainText('outbound access');
    await expect(page.getByTestId('setup-contact-range')).toContainText('Contact range');

    await expectWithinWidth(page, advice);
  });
}

test('refusals read in the console language, not the server wording (tenant still in use)', async ({ page }) => {
  await loginZh(page);
  await unreachableCorp(page, 'fh-delete');
  await page.goto('/tenants');
  const row = page.getByRole('row', { name: /fh-delete/ });
  await row.getByText('删除', { exact: true }).click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  const msg = page.locator('.ant-message');
  await expect(msg).toContainText('租户中还有');
  await expect(msg).not.toContainText('the tenant still has');
  await toEnglish(page);
  await row.getByText('Delete', { exact: true }).click();
  await page.getByRole('button', { name: /OK|Yes/ }).click();
  await expect(page.locator('.ant-message-notice').last()).toContainText('The tenant still has');
});

test('audit log in words: actions, targets by name, failures included, before/after drawer, CSV export', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.addInitScript(() => localStorage.setItem('imbridge.lang', 'en'));
  await page.goto('/login');
  await page.getByLabel('Username').fill(ADMIN_USER);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  const { tenant, corp } = await unreachableCorp(page, `fh-audit-${test.info().repeatEachIndex}`);
  const apps = await gql(page, 'query($id: ID!) { node(id: $id) { ... on Corp { apps { edges { node { id } } } } } }', { id: corp }, tenant);
  const app = apps.node.apps.edges[0].node.id;
  await gql(page, 'mutation($id: ID!) { verifyApp(id: $id) { id } }', { id: app }, tenant);
  await gql(page, 'mutation($id: ID!) { updateCorp(id: $id, input: {name: "内网飞书（新）"}) { id } }', { id: corp }, tenant);
  // A failure: bad input.
  const bad = await page.request.post('/query', {
    data: { query: 'mutation($id: ID!) { updateApp(id: $id, input: {homepageURL: "not a url"}) { id } }', variables: { id: app } },
    headers: { 'X-Imbridge-Tenant': tenant },
  });
  expect((await bad.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');

  await page.goto(`/audit?tenant=${tenant}`);
  const actions = page.getByTestId('audit-action');
  await expect(actions.filter({ hasText: 'Verified an app' })).toHaveCount(1);
  await expect(actions.filter({ hasText: 'Created a corp' })).toHaveCount(1);
  // Targets by name, not internal ids.
  await expect(page.getByTestId('audit-target').filter({ hasText: 'Corp 内网飞书（新）' }).first()).toBeVisible();
  // The failed attempt is there, marked failed.
  const failed = page.getByRole('row').filter({ hasText: 'Changed an app' });
  await expect(failed.getByText('Failed')).toBeVisible();
  // No overlapping text: each actor cell's content fits its cell.
  const overlaps = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.ant-table-tbody td')).some((td) => td.scrollWidth > td.clientWidth + 1 && !td.className.includes('ellipsis')),
  );
  expect(overlaps).toBeFalsy();

  // The drawer shows the change: the name before and after.
  await page.getByRole('row').filter({ hasText: 'Changed a corp' }).getByTestId('audit-open').click();
  const drawer = page.getByTestId('audit-drawer');
  const nameRow = drawer.locator('[data-changed=true]', { hasText: 'name' });
  await expect(nameRow).toContainText('内网飞书');
  await expect(nameRow).toContainText('内网飞书（新）');
  await expect(drawer).toContainText('updateCorp');
  await page.keyboard.press('Escape');

  // CSV export of what the filter shows, in words.
  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const file = await (await download).path();
  const csv = (await import('node:fs')).readFileSync(file!, 'utf8');
  expect(csv.startsWith('\uFEFFTime,')).toBeTruthy();
  expect(csv).toContain('Verified an app');
  expect(csv).toContain('Failed');
  expect(csv).toContain('内网飞书（新）');
});

test('an admin changes their own password; role changes ask first; the Admins page lists every account with its tenant', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('imbridge.lang', 'zh-CN'));
  await loginZh(page);
  // A viewer of a tenant (no admin:write) changes its own password.
  const t = await gql(page, 'mutation($in: CreateTenantInput!) { createTenant(input: $in) { id } }', { in: { name: '密码租户', slug: 'fh-pw' } });
  await gql(
    page,
    'mutation($in: CreateAdminInput!) { createAdmin(input: $in) { id } }',
    { in: { username: 'fh-viewer', password: 'Viewer-Pass-123', role: 'viewer', tenantID: t.createTenant.id } },
  );
  // Every account, with its tenant, whatever tenant is picked.
  await page.goto('/admins');
  const row = page.getByRole('row', { name: /fh-viewer/ });
  await expect(row).toContainText('密码租户');
  await expect(page.getByRole('row', { name: /^admin/ })).toContainText('超级管理员');

  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: /登出|退出登录/ }).click();
  await page.getByLabel('用户名').fill('fh-viewer');
  await page.getByLabel('密码').fill('Viewer-Pass-123');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  await page.getByTestId('user-menu').hover();
  await page.getByTestId('menu-change-password').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('当前密码').fill('wrong-password-1');
  await dialog.getByLabel('新密码', { exact: true }).fill('Viewer-New-456');
  await dialog.getByLabel('确认新密码').fill('Viewer-New-456');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  // The wrong current password is said in Chinese, on its field.
  await expect(dialog).toContainText('当前密码不正确');
  await dialog.getByLabel('当前密码').fill('Viewer-Pass-123');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  await expect(page.getByText('密码已修改')).toBeVisible();
  // The new password logs in.
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: /退出登录/ }).click();
  await page.getByLabel('用户名').fill('fh-viewer');
  await page.getByLabel('密码').fill('Viewer-New-456');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
});

test('API token dialog: scopes in words, and how to call the API', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('imbridge.lang', 'zh-CN'));
  await loginZh(page);
  const t = await gql(page, 'mutation($in: CreateTenantInput!) { createTenant(input: $in) { id } }', { in: { name: '令牌租户', slug: 'fh-token' } });
  await page.goto(`/api-tokens?tenant=${t.createTenant.id}`);
  await page.getByRole('button', { name: /新建/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill('OA 系统');
  await dialog.getByLabel('权限范围').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '导入和修改 OA 通讯录' }).click();
  await page.keyboard.press('Escape');
  await dialog.getByRole('button', { name: /确\s*定/ }).click();
  const usage = page.getByTestId('api-usage');
  await expect(usage).toContainText('/query');
  await expect(usage).toContainText('Authorization: Bearer');
  await expect(page.getByTestId('graphiql-link')).toHaveAttribute('href', '/graphiql');
  await page.getByRole('dialog').getByRole('button', { name: /确\s*定|OK/ }).last().click();
  // The list names the scope in words.
  await expect(page.locator('[data-scope="directory:write"]')).toHaveText('导入和修改 OA 通讯录、绑定人员');
});
