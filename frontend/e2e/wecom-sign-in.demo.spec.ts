import { expect, test, type Page } from '@playwright/test';
import { login, modal, openDemo, pickOption, submitModal } from './helpers';

// Runs against the demo server (project "demo"): console sign-in with WeCom
// (issue 11) against the WeCom simulator under /sim/wecom, whose login page
// (企业微信Web登录, /wwlogin/sso/login) "scans" as a chosen member. The
// admin turns console sign-in on for the demo's WeCom corp, links their
// account to a WeCom member, signs in by scanning, unlinks, and is refused.
// The demo server is shared by the demo specs: the test puts back what it
// changed (WeCom console sign-in off, the admin linked to the first Feishu
// person as the demo starts).

const WECOM_CORP = '演示科技（企业微信模拟器）';
const WECOM_APP = 'OA 集成应用（企业微信）';

/** Sets the WeCom corp's console sign-in (and the login setting with it) on or off from the QR login page. */
async function setWeComConsoleSignIn(page: Page, on: boolean) {
  await page.goto('/qr-login');
  await page.getByTestId(`qr-login-edit-${WECOM_CORP}`).click();
  const form = modal(page);
  for (const id of ['#qrlogin_enabled', '#qrlogin_consoleSignIn']) {
    const sw = form.locator(id);
    if ((await sw.getAttribute('aria-checked')) !== String(on)) await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', String(on));
  }
  if (on && !(await form.getByText(WECOM_APP).isVisible())) {
    await form.locator('#qrlogin_appID').click();
    await pickOption(page, WECOM_APP);
  }
  // Login needs an OA origin for its tickets (unused by console sign-in).
  const origin = new URL(page.url()).origin;
  const tag = form.locator('.ant-select-selection-item-content', { hasText: origin });
  if (on && (await tag.count()) === 0) {
    await form.locator('#qrlogin_allowedOrigins').fill(origin);
    await form.locator('#qrlogin_allowedOrigins').press('Enter');
    await expect(tag).toHaveCount(1);
  }
  await submitModal(page);
}

/** Chooses who scans on the WeCom simulator's login page; returns their userid. */
async function scanOnWeCom(page: Page, userId?: string): Promise<string> {
  await expect(page).toHaveURL(/\/sim\/wecom\/wwlogin\/sso\/login\?/);
  if (userId) await page.locator('#user').selectOption(userId);
  const chosen = await page.locator('#user').inputValue();
  await page.locator('#allow').click();
  return chosen;
}

async function userMenu(page: Page, item: string | RegExp) {
  await page.getByTestId('user-menu').hover();
  await page.getByRole('menuitem', { name: item }).click();
}

async function logOut(page: Page) {
  await userMenu(page, 'Log out');
  await expect(page).toHaveURL(/\/login/);
}

test('console sign-in with WeCom: link the account, sign in by scanning, unlink, refused', async ({ page }) => {
  test.setTimeout(120_000);
  const feishuPerson = await (async () => {
    await page.goto('/demo/oa/login');
    return page.locator('li[data-user-id]').first().getAttribute('data-user-id');
  })();
  await openDemo(page);
  await setWeComConsoleSignIn(page, true);

  try {
    // Link: the user menu offers the WeCom corp (a full-page visit to the
    // bridge's /sso flow), the member scans, the console comes back.
    await page.goto('/');
    await userMenu(page, /Link my WeCom account/);
    const member = await scanOnWeCom(page);
    await expect(page).toHaveURL(/im=bound/);
    await expect(page.getByTestId('user-menu')).toBeVisible();

    // Sign in without a password: the login page's WeCom button, the same member scans.
    await logOut(page);
    await page.getByTestId('wecom-sign-in').click();
    await scanOnWeCom(page, member);
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(page).not.toHaveURL(/\/login/);

    // Unlink; the same scan no longer signs anyone in, and the page says why.
    await userMenu(page, /Unlink my Feishu \/ WeCom account/);
    await expect(page.getByText('Account link removed')).toBeVisible();
    await logOut(page);
    await page.getByTestId('wecom-sign-in').click();
    await scanOnWeCom(page, member);
    await expect(page.locator('body')).toHaveAttribute('data-reason', 'no_admin');
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  } finally {
    // Put the demo back: WeCom console sign-in off, the admin linked to
    // the first Feishu person (qr-login.demo.spec.ts signs in with them).
    await page.goto('/');
    const menu = page.getByTestId('user-menu');
    await expect(menu.or(page.getByLabel('Username'))).toBeVisible();
    if (!(await menu.isVisible())) await login(page);
    await setWeComConsoleSignIn(page, false);
    await page.goto('/');
    await userMenu(page, /Link my Feishu account/);
    await expect(page).toHaveURL(/\/sim\/feishu\/open-apis\/authen\/v1\/authorize\?/);
    await page.locator('#user').selectOption(feishuPerson!);
    await page.locator('#allow').click();
    await expect(page).toHaveURL(/im=bound/);
  }
});
