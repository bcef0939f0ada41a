import { expect, test } from '@playwright/test';
import { openDemo } from './helpers';

// Runs against the demo server (project "demo"): the demo corp mirrors the
// Feishu simulator and the OA directory overlaps it, so a sync to Feishu
// has departments to match and create and people to bind and create.

test('sync console: settings in three panels, a dry run with the merged tree and changes, apply this plan, per-change results', async ({ page }) => {
  test.setTimeout(240_000);
  await openDemo(page);
  await page.locator('a[href="/sync"]').click();

  // Settings: the seed's three panels; switch the demo to OA → IM, read-write.
  await page.getByRole('tab', { name: 'Settings' }).click();
  for (const panel of ['panel-basic', 'panel-scope', 'panel-safety']) await expect(page.getByTestId(panel)).toBeVisible();
  await expect(page.getByTestId('scope-warning')).toContainText('removed from Feishu');
  const basic = page.getByTestId('panel-basic');
  await basic.getByTestId('setting-mode').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'OA → IM' }).click();
  await basic.getByText('Read-write', { exact: false }).click();
  await basic.getByRole('switch').first().click(); // add new users to Feishu
  // Bind by mobile: most demo people exist on both sides and are bound, not created again.
  await basic.getByTestId('setting-autobind').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'Mobile' }).click();
  await page.getByTestId('save-sync-settings').click();
  await expect(page.getByText('Sync settings saved')).toBeVisible();

  // A scope exclusion is confirmed first, saying bound users leave Feishu; cancelling keeps the old scope.
  await page.getByTestId('scope-exclude').click();
  await page.keyboard.type('OA-U0001');
  await page.keyboard.press('Enter');
  await page.getByTestId('save-sync-settings').click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('removes bound users from Feishu');
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  // Dry run.
  await page.getByRole('tab', { name: 'Sync to Feishu' }).click();
  await page.getByTestId('dry-run').click();
  const plan = page.getByTestId('plan-view');
  await expect(plan.getByTestId('plan-status')).toHaveText('Succeeded', { timeout: 60_000 });
  await expect(plan).toContainText('Dry run');
  // The merged tree: matched departments orange, new ones blue.
  await expect(plan.locator('[data-testid=plan-dept][data-status=matched]').first()).toBeVisible();
  await expect(plan.locator('[data-testid=plan-dept][data-status=new]').first()).toBeVisible();
  // User changes, filtered: creates only.
  await plan.getByTestId('change-groups').getByText(/^Create \d+$/).click();
  const rows = plan.getByTestId('sync-changes').locator('.ant-table-row');
  await expect(rows.first()).toBeVisible();
  for (const a of await rows.getByTestId('change-action').allInnerTexts()) expect(a).toMatch(/^create /);
  await page.screenshot({ path: 'test-results/sync-plan.png', fullPage: true });

  // Apply exactly this plan.
  await plan.getByTestId('apply-plan').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText(/^Applying the plan: #\d+/)).toBeVisible();
  const applied = page.getByTestId('plan-view');
  await expect(applied.getByTestId('plan-status')).toHaveText(/Succeeded/, { timeout: 120_000 });
  await expect(applied).not.toContainText('Dry run');
  // Per-change results: the applied ones.
  await applied.getByTestId('change-status').getByText('applied').click();
  await expect(applied.getByTestId('sync-changes').locator('.ant-table-row').first()).toContainText('applied');
  await expect(applied.getByTestId('undo-run')).toBeVisible();
  await page.screenshot({ path: 'test-results/sync-applied.png', fullPage: true });

  // Run history lists both runs; a sync run opens with its changes.
  await page.getByRole('tab', { name: 'Runs' }).click();
  const history = page.locator('.ant-table-row', { hasText: 'OA → IM' });
  await expect(history).toHaveCount(2);
  await history.first().locator('.ant-table-row-expand-icon').click();
  await expect(page.getByTestId('plan-view').first()).toBeVisible();
});
