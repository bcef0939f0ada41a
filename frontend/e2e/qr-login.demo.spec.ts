import { expect, test, type Page } from '@playwright/test';
import { modal, openDemo } from './helpers';

// Runs against the demo server (project "demo"): the demo corp has QR-code
// login on, the demo OA's login page (/demo/oa/login) includes the bridge's
// snippet, and the simulator's authorize page "scans" as a chosen person.

/** Scans on the simulator's authorize page as the person with this user_id. */
async function scanAs(page: Page, userId: string) {
  await expect(page).toHaveURL(/\/sim\/feishu\/open-apis\/authen\/v1\/authorize\?/);
  await page.locator('#user').selectOption(userId);
  await page.locator('#allow').click();
}

test('QR login: the OA page embeds the snippet, the person scans, the OA redeems the ticket once', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/demo/oa/login');
  const entry = page.locator('#imbridge-qr-login');
  await expect(entry).toBeVisible();
  const person = await page.locator('li[data-user-id]').first().getAttribute('data-user-id');
  expect(person).toBeTruthy();

  // The demo pulls the Feishu directory at start: until the person is
  // mirrored, the bridge says they are not in the directory; try again.
  let ticketURL = '';
  await expect(async () => {
    await page.goto('/demo/oa/login');
    await page.locator('#imbridge-qr-login').click();
    await scanAs(page, person!);
    await expect(page.locator('#oa-user-id')).toHaveText(/^OA-U\d{4}$/, { timeout: 2_000 });
    ticketURL = page.url();
  }).toPass({ timeout: 120_000, intervals: [2_000] });

  expect(new URL(ticketURL).searchParams.get('ticket')).toMatch(/^imt_/);
  await expect(page.locator('#oa-name')).not.toBeEmpty();

  // The same ticket again: the OA's redemption is refused.
  await page.goto(ticketURL);
  await expect(page.locator('#login-error')).toContainText('ticket');
  await expect(page.locator('#oa-user-id')).toHaveCount(0);
});

test('QR login refusals are pages that say why: a look-alike origin, a replayed callback', async ({ page }) => {
  await page.goto('/demo/oa/login');
  const src = await page.locator('script[data-return-to]').getAttribute('src');
  const corp = /\/sso\/(\d+)\/qr\.js/.exec(src ?? '')?.[1];
  expect(corp).toBeTruthy();
  const origin = new URL(page.url()).origin;

  const res = await page.goto(`/sso/${corp}/start?return_to=${encodeURIComponent(origin + '.evil.test/steal')}`);
  expect(res?.status()).toBe(400);
  await expect(page.locator('body')).toHaveAttribute('data-reason', 'return_to');
  await expect(page.locator('#message')).toContainText('not an allowed origin');

  // A callback with a state nobody issued.
  const cb = await page.goto('/sso/feishu/callback?code=abc&state=forged');
  expect(cb?.status()).toBe(400);
  await expect(page.locator('body')).toHaveAttribute('data-reason', 'state');
});

test('console sign-in with Feishu: the demo admin is bound to a simulated person', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/demo/oa/login');
  const person = await page.locator('li[data-user-id]').first().getAttribute('data-user-id');
  await page.goto('/login');
  await page.getByTestId('feishu-sign-in').first().click();
  await scanAs(page, person!);
  await expect(page.getByTestId('user-menu')).toBeVisible();
});

test('console: the 扫码登录 page shows the demo corp on, with what to paste into Feishu and the OA', async ({ page, baseURL }) => {
  await openDemo(page);
  await page.getByRole('link', { name: 'QR login' }).click();
  await expect(page.getByTestId('qr-login-redirect')).toContainText(`${baseURL}/sso/feishu/callback`);
  await expect(page.getByTestId('qr-login-snippet')).toContainText('/qr.js');
  await expect(page.getByText('On', { exact: true }).first()).toBeVisible();
  // Turning login on without an app is refused with the seed's words.
  // The Feishu corp's card (the demo's WeCom corp is listed too, with login off).
  await page.getByTestId('qr-login-edit-演示科技（飞书模拟器）').click();
  const form = modal(page);
  // The app select's clear icon shows on hover; hovering waits for the
  // modal's opening animation to end (a forced click during it missed).
  const app = form.locator('.ant-select', { has: page.locator('#qrlogin_appID') });
  await app.hover();
  await app.locator('.ant-select-clear').click();
  await submitModalExpectingError(page);
  await expect(form).toContainText('请先添加飞书');
});

async function submitModalExpectingError(page: Page) {
  await modal(page).getByRole('button', { name: /^(OK|Submit|Confirm)$/ }).click();
}
