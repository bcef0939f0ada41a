import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER } from './env';

/** Runs the console in English so selectors read the same everywhere. */
export async function useEnglish(page: Page) {
  await page.addInitScript(() => localStorage.setItem('imbridge.lang', 'en'));
}

export async function login(page: Page, password = ADMIN_PASSWORD, lang: string = 'en') {
  await page.goto('/login');
  const zh = lang === 'zh-CN';
  await page.getByLabel(zh ? '用户名' : 'Username').fill(ADMIN_USER);
  await page.getByLabel(zh ? '密码' : 'Password').fill(password);
  await page.getByRole('button', { name: zh ? /登\s*录/ : 'Log in' }).click();
  // The session cookie exists once the app has left the login page.
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/** The open modal; list pages have search forms with the same labels, so fill inside it. */
export function modal(page: Page) {
  return page.getByRole('dialog').last();
}

/** The primary button of the open modal form (antd/ProComponents label it OK or Submit). */
export async function submitModal(page: Page) {
  const dialog = modal(page);
  // Wait on this dialog by its title: a success may open another one.
  const title = await dialog.locator('.ant-modal-title').innerText();
  await dialog.getByRole('button', { name: /^(OK|Submit|Confirm)$/ }).click();
  // Forms that set a password wait for an argon2id hash (64 MiB, one at a
  // time per process): at the suite's start both servers are still seeding.
  await expect(page.getByRole('dialog', { name: title, exact: true })).toBeHidden({ timeout: 30_000 });
}

/** Selects an antd <Select> option by its visible text. */
export async function pickOption(page: Page, text: string | RegExp) {
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** POSTs a GraphQL operation with an API token, as an OA system would. */
export async function gqlWithToken(page: Page, token: string, query: string, variables: Record<string, unknown>) {
  const res = await page.request.post('/query', {
    headers: { Authorization: `Bearer ${token}` },
    data: { query, variables },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
  const body = await res.json();
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/**
 * Subscribes from inside the page over graphql-transport-ws, as the console
 * does (cookie session + the picked tenant in connectionParams), and returns
 * the first event's data.
 */
export async function firstSubscriptionEvent(page: Page, query: string, variables: Record<string, unknown>) {
  return page.evaluate(
    ({ query, variables }) =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/query`, 'graphql-transport-ws');
        const tenant = localStorage.getItem('imbridge.tenant');
        const timer = setTimeout(() => reject(new Error('no subscription event within 10s')), 10_000);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: { tenant } }));
        ws.onclose = (e) => reject(new Error(`closed ${e.code} ${e.reason}`));
        ws.onmessage = (m) => {
          const msg = JSON.parse(m.data);
          if (msg.type === 'connection_ack') {
            ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
          } else if (msg.type === 'next') {
            clearTimeout(timer);
            ws.onclose = null;
            ws.close();
            resolve(msg.payload);
          } else if (msg.type === 'error') {
            reject(new Error(JSON.stringify(msg.payload)));
          }
        };
      }),
    { query, variables },
  );
}

/** Logs in and works in the demo tenant; returns the tenant's id. */
export async function openDemo(page: Page): Promise<string> {
  await useEnglish(page);
  await login(page);
  await page.getByTestId('tenant-switcher').click();
  await pickOption(page, 'Demo 演示企业');
  await expect(page.getByTestId('tenant-switcher')).toContainText('Demo 演示企业');
  return (await page.evaluate(() => localStorage.getItem('imbridge.tenant'))) ?? '';
}

/**
 * Waits until the demo's sync story (demo_sync.go) has ended: its last run,
 * held by the deletion brake, was approved by the story's admin and applied.
 * Until then a writing sync run of the demo corp is refused.
 */
export async function waitForDemoSyncStory(page: Page, tenant: string) {
  type Run = { status: string; approvedBy: string | null };
  await expect
    .poll(
      async () => {
        const res = await page.request.post('/query', {
          data: { query: '{ syncRuns(last: 30) { edges { node { status approvedBy } } } }' },
          headers: { 'X-Imbridge-Tenant': tenant },
        });
        const runs: Run[] = ((await res.json()).data?.syncRuns?.edges ?? []).map((e: { node: Run }) => e.node);
        return runs.some((r) => r.approvedBy && r.status.startsWith('succeeded'));
      },
      { timeout: 240_000, intervals: [2_000] },
    )
    .toBe(true);
}

/**
 * Slows the demo's Feishu simulator (every request takes `ms` longer, as a
 * far-away platform would; POST /sim/feishu/_latency, demo mode only): the
 * demo's ~500 people pull in about a second otherwise, too quickly to watch
 * part-way. Tests that call it reset it to 0 in afterEach. The control needs
 * an admin's session: pass the request context of a page that logged in.
 */
export async function slowFeishu(request: APIRequestContext, ms: number) {
  const res = await request.post('/sim/feishu/_latency', { form: { ms: String(ms) } });
  expect(res.status()).toBe(204);
}

/** Runs a GraphQL operation with the page's session in a tenant; fails on any error. */
export async function gqlIn(page: Page, tenant: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await page.request.post('/query', { data: { query, variables }, headers: { 'X-Imbridge-Tenant': tenant } });
  const body = await res.json();
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/** Opens a demo corp's page by the menu (a goto would run openDemo's English init script again). */
export async function openDemoCorp(page: Page, name: string) {
  await page.locator('aside a[href="/integrations"]').click();
  await page.getByRole('link', { name }).click();
  await expect(page.locator('.ant-page-header-heading-title')).toHaveText(name);
}

/** The header's language switch. */
export async function switchLanguage(page: Page, to: '中文' | 'EN') {
  await page.locator('.ant-segmented-item', { hasText: to }).click();
}

/** The demo's Feishu corp (its simulator in process). */
export const DEMO_FEISHU_CORP = '演示科技（飞书模拟器）';
