import { expect, test } from '@playwright/test';
import { gqlIn, openDemo, switchLanguage } from './helpers';

// Issue 7 §1: a push delivery Feishu refused reaches a Chinese admin in
// Chinese, worded by its code; the server's English sentence is only the
// detail. The demo's Feishu simulator refuses the next message send as an
// app without the message scopes (99991672) when told so (/_fail_sends,
// platform/sim/feishu/fault_sends.go).

test.afterEach(async ({ page }) => {
  await page.request.post('/sim/feishu/_fail_sends', { form: { n: '0' } });
});

test('a push delivery refused with a Feishu code reads in Chinese by its code, the server wording only as the detail', async ({ page }) => {
  test.setTimeout(120_000);
  const tenant = await openDemo(page);
  // The demo's own pushes (its daily report to everyone) would take the
  // refusal meant for this one: wait until none is sending.
  await expect
    .poll(async () => (await gqlIn(page, tenant, '{ messages(where: {statusIn: [queued, delivering]}) { totalCount } }')).messages.totalCount, {
      timeout: 90_000,
    })
    .toBe(0);
  // One person bound in the Feishu corp, by the OA's id: one delivery per target.
  const corps = await gqlIn(page, tenant, '{ corps(where: {platform: feishu}, first: 1) { edges { node { id } } } }');
  const bound = await gqlIn(page, tenant, 'query($c: ID!) { bindings(first: 1, where: {corpID: $c, kind: user}) { edges { node { oaUser { externalID } } } } }', {
    c: corps.corps.edges[0].node.id,
  });
  const person = bound.bindings.edges[0].node.oaUser.externalID as string;
  expect((await page.request.post('/sim/feishu/_fail_sends', { form: { n: '1' } })).status()).toBe(204);
  const title = `首小时日报 ${Date.now()}`;
  const pushed = await gqlIn(page, tenant, 'mutation($in: PushMessageInput!) { pushMessage(input: $in) { id } }', {
    in: { idempotencyKey: `first-hour-${Date.now()}`, source: '日报', title, content: '今日完成', recipients: { userIDs: [person] } },
  });
  const id = pushed.pushMessage.id as string;
  await expect
    .poll(async () => (await gqlIn(page, tenant, 'query($id: ID!) { node(id: $id) { ... on Message { status } } }', { id })).node.status, {
      timeout: 60_000,
    })
    .toBe('delivered_with_errors');

  await switchLanguage(page, '中文');
  await page.locator('aside a[href="/push"]').click();
  const row = page.getByRole('row', { name: new RegExp(title) });
  await row.getByRole('button', { name: /expand|展开/i }).click();
  const failed = page.getByTestId('push-deliveries').getByRole('row').filter({ has: page.getByTestId('push-delivery-status').filter({ hasText: '失败' }) });
  await expect(failed).toHaveCount(1);
  const reason = failed.getByTestId('platform-text');
  await expect(reason).toHaveAttribute('data-code', '99991672');
  await expect(reason).toContainText('应用未开通所需的 API 权限');
  // Not the server's (or Feishu's) English as the main text.
  await expect(reason).not.toContainText(/Access denied|scope|feishu error/i);
  // The server's words are there, as the detail.
  await reason.hover();
  const tip = page.locator('.ant-tooltip:visible');
  await expect(tip).toContainText('原始信息');
  await expect(tip).toContainText('Access denied');
});
