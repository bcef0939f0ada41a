import { expect, test } from '@playwright/test';
import { modal, openDemo, pickOption, submitModal } from './helpers';

// Runs against the demo server (project "demo"): after its first pull the
// demo binds people by mobile and its OA pushes an approval to-do to three
// bound people and one the OA alone knows.

test('Push: the demo to-do shows 6 sent and 2 skipped with the reason (a to-do card and an Approval Center instance each); rules list their targets, an "all" rule warns', async ({ page }) => {
  test.setTimeout(120_000);
  await openDemo(page);
  await page.getByRole('link', { name: 'Push' }).click();

  // The message log: the demo OA's first to-do, delivered.
  const row = page.getByRole('row', { name: /报销单 demo-todo-first/ });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row.getByTestId('push-message-status')).toHaveText('Delivered', { timeout: 60_000 });
  await expect(row.getByTestId('push-progress')).toContainText('sent 6 · skipped 2 · failed 0 / 8');

  // Per recipient and target: three people sent on each of the two targets, one skipped as unbound on each.
  await row.getByRole('button', { name: /expand/i }).click();
  const deliveries = page.getByTestId('push-deliveries');
  await expect(deliveries.getByTestId('push-delivery-status').filter({ hasText: 'Sent' })).toHaveCount(6);
  await expect(deliveries.getByRole('row', { name: /OA-X000/ }).first()).toContainText('not bound to this corp');
  await expect(deliveries.getByText(/^om_/).first()).toBeVisible();

  // The rules: the demo's two, with their targets.
  await page.getByRole('tab', { name: 'Push rules' }).click();
  await expect(page.getByTestId('push-rule-name').filter({ hasText: '审批待办（快捷审批）' })).toBeVisible();
  await expect(page.getByTestId('push-target').filter({ hasText: 'To-do · Quick approval' })).toBeVisible();

  // A new rule for every source shows the seed's warning, previews its template, and is listed.
  await page.getByTestId('create-push-rule').click();
  const form = modal(page);
  await form.getByLabel('Name').fill('全部消息');
  await expect(form.getByTestId('all-warning')).toContainText('approvals, attendance');
  await form.getByLabel('App').click();
  await pickOption(page, /OA 集成应用/);
  await form.getByLabel('Title template').fill('【{{source}}】{{title}}');
  await expect(form.getByTestId('template-preview')).toContainText('【审批】报销单 1024');
  await submitModal(page);
  await expect(page.getByTestId('push-rule-name').filter({ hasText: '全部消息' })).toBeVisible();
});
