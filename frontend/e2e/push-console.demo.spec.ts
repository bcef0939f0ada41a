import { expect, test, type Page } from '@playwright/test';
import { modal, openDemo, pickOption, submitModal } from './helpers';

// Runs against the demo server (project "demo"). push.demo.spec.ts covers the
// demo's own to-do and a new "all sources" rule; this one covers the rest of
// the push console: a rule with an Approval Center target and quick approval
// built in the editor (type, template and its preview), a message whose
// deliveries fail with the reason per recipient, and replaying them (the
// message's bulk replay and one delivery's), and the charts per day and per
// source. ("Send a test to myself": push-test-send.demo.spec.ts.)

/** The session's GraphQL in the demo tenant (the console's own calls). */
async function gql(page: Page, tenant: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await page.request.post('/query', { data: { query, variables }, headers: { 'X-Imbridge-Tenant': tenant } });
  const body = await res.json();
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/** The OA ids the demo's first to-do reached (bound people), once it is delivered. */
async function boundRecipients(page: Page, tenant: string): Promise<string[]> {
  let ids: string[] = [];
  await expect
    .poll(
      async () => {
        const m = await gql(page, tenant, '{ messages(first: 1, where: { titleContains: "demo-todo-first" }) { edges { node { id status } } } }');
        const node = m.messages.edges[0]?.node;
        if (!node || node.status !== 'delivered') return 0;
        const d = await gql(page, tenant, 'query($id: ID!) { deliveries(first: 50, where: { messageID: $id, status: sent }) { edges { node { recipient } } } }', {
          id: node.id,
        });
        ids = [...new Set<string>(d.deliveries.edges.map((e: { node: { recipient: string } }) => e.node.recipient))];
        return ids.length;
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  return ids;
}

test('Push console: an Approval Center rule with quick approval from the editor; a link-less to-do fails per recipient with the reason; replaying the failed deliveries; the charts', async ({ page }) => {
  test.setTimeout(180_000);
  const tenant = await openDemo(page);
  const run = Date.now().toString(36);
  const ruleName = `巡检待办 ${run}`;
  const title = `巡检单 ${run}`;

  // The rules editor: one target on the demo's Feishu app, Approval Center, quick approval, a title template previewed.
  await page.getByRole('link', { name: 'Push' }).click();
  await page.getByRole('tab', { name: 'Push rules' }).click();
  await page.getByTestId('create-push-rule').click();
  const form = modal(page);
  await form.getByLabel('Name').fill(ruleName);
  await form.getByLabel('Source').fill('巡检');
  await expect(form.getByTestId('all-warning')).toBeHidden();
  await form.getByLabel('App').click();
  // The Feishu app (the demo's WeCom app is named alike).
  await pickOption(page, '演示科技（飞书模拟器） · OA 集成应用');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  // The type select shows its value (Text) over its input: click through it; a click
  // while the list still moves may miss, so open and pick until the type took.
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await form.getByLabel('Message type').click({ force: true });
    await pickOption(page, 'Approval Center');
    await expect(form.getByTestId('approval-help')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(form.getByTestId('approval-help')).toContainText('needs a link');
  await form.getByLabel('Quick approval').click();
  await expect(form.getByLabel('Quick approval')).toBeChecked();
  await form.getByLabel('Title template').fill('巡检：{{title}}');
  await expect(form.getByTestId('template-preview')).toContainText('巡检：报销单 1024');
  await submitModal(page);
  const rule = page.getByRole('row', { name: new RegExp(ruleName) });
  await expect(rule.getByTestId('push-target')).toHaveText(/OA 集成应用 · Approval Center · Quick approval/);

  // The OA pushes a 巡检 to-do without a link to three bound people and an id its directory lacks
  // (the demo's OA-X000 may be bound by now: the sync profile binds by mobile after the pull).
  const bound = await boundRecipients(page, tenant);
  const stranger = `OA-nobody-${run}`;
  const recipients = [...bound.slice(0, 3), stranger];
  // The log is open before the OA pushes: the message appears without a page reload (the
  // log reloads itself, every 2 s while a message is being delivered, every 16 s otherwise).
  await page.getByRole('tab', { name: 'Messages' }).click();
  await expect(page.getByTestId('push-message-title').first()).toBeVisible();
  await gql(page, tenant, 'mutation($in: PushMessageInput!) { pushMessage(input: $in) { id } }', {
    in: { idempotencyKey: `inspect-${run}`, source: '巡检', title, content: '三号机房巡检', todoKey: `inspect-${run}`, recipients: { userIDs: recipients } },
  });
  const failed = bound.slice(0, 3).length;

  // The log: with errors; per recipient, the approval deliveries failed with the platform's requirement, the stranger skipped.
  const row = page.getByRole('row', { name: new RegExp(title) });
  await expect(row.getByTestId('push-message-status')).toHaveText('With errors', { timeout: 60_000 });
  await expect(row.getByTestId('push-progress')).toContainText(`failed ${failed} /`);
  const expand = async () => {
    await row.getByRole('button', { name: /expand/i }).click();
    const deliveries = page.getByTestId('push-deliveries');
    await expect(deliveries).toBeVisible();
    return deliveries;
  };
  const collapse = () => row.getByRole('button', { name: /collapse/i }).click();
  let deliveries = await expand();
  const approvals = deliveries.getByRole('row').filter({ hasText: 'Approval Center' });
  await expect(approvals.filter({ hasText: 'Failed' })).toHaveCount(failed);
  await expect(approvals.filter({ hasText: "needs the message's link" })).toHaveCount(failed);
  await expect(deliveries.getByRole('row', { name: new RegExp(stranger) }).first()).toContainText("no OA user with this id in the bridge's OA directory");
  await collapse();

  // The message's replay queues every failed delivery again and says how many; they are tried and fail again (the link is still missing).
  await row.getByTestId('push-replay-failed').click();
  await page.getByRole('tooltip').getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText(`${failed} queued again`)).toBeVisible();
  await expect(row.getByTestId('push-message-status')).toHaveText('With errors', { timeout: 60_000 });
  await expect(row.getByTestId('push-progress')).toContainText(`failed ${failed} /`);
  deliveries = await expand();
  await expect(deliveries.getByRole('row').filter({ hasText: 'Approval Center' }).filter({ hasText: "needs the message's link" })).toHaveCount(failed);

  // One delivery's replay.
  await deliveries.getByRole('row').filter({ hasText: 'Approval Center' }).first().getByText('Replay', { exact: true }).click();
  await page.getByRole('tooltip').getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText('Queued again', { exact: true })).toBeVisible();

  // The charts: a bar a day for the last 7 days, and the sources by outcome (巡检's failures among them).
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.getByTestId('push-chart-day')).toHaveCount(7);
  const inspect = page.getByTestId('push-chart-source').filter({ hasText: '巡检' });
  await expect(inspect.getByLabel(/Failed [1-9]/)).toBeVisible();
  await expect(page.getByTestId('push-chart-source').filter({ hasText: '审批' }).getByLabel(/Sent [1-9]/)).toBeVisible();
  await page.getByText('Last 14 days').click();
  await expect(page.getByTestId('push-chart-day')).toHaveCount(14);
});
