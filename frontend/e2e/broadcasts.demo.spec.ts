import { expect, test } from '@playwright/test';
import { modal, openDemo, pickOption, submitModal } from './helpers';

// Runs against the demo server (project "demo"): the demo tenant has a
// scheduled broadcast on each provider and a finished WeCom one with a
// ready replay and viewer statistics. A new broadcast is scheduled on
// Volcano enterprise live (the Feishu corp) for a bound OA user, after the
// form refused it without a title.

test('Broadcasts: schedule one on the demo and see it listed; the finished one shows its replay and statistics', async ({ page }) => {
  test.setTimeout(180_000);
  await openDemo(page);
  await page.getByRole('link', { name: 'Broadcasts' }).click();

  const finished = page.getByRole('row', { name: /季度全员大会（演示）/ });
  await expect(finished).toBeVisible({ timeout: 30_000 });
  await expect(finished.getByTestId('broadcast-status')).toHaveText('Ended');
  await expect(finished.getByTestId('broadcast-replay')).toHaveText('Replay ready');
  await expect(page.getByRole('row', { name: /新品发布会（演示）/ }).getByTestId('broadcast-status')).toHaveText('Reserved');

  // Schedule one: the demo binds people once its first pull ends.
  await page.getByTestId('broadcast-create').click();
  const form = modal(page);
  await form.getByLabel('App').click();
  await pickOption(page, /飞书模拟器/);
  // Open the anchor list until it offers someone (a click on an open list
  // would close it again), then take its first person with the keyboard:
  // the App list may still be closing, so an option locator could name it.
  const anchor = form.getByLabel('Anchor (OA user)');
  await expect(async () => {
    if ((await anchor.getAttribute('aria-expanded')) !== 'true') await anchor.click();
    await expect(page.locator(`#${await anchor.getAttribute('id')}_list`).locator('..').getByRole('option').first()).toBeAttached({ timeout: 2_000 });
  }).toPass({ timeout: 120_000 });
  await anchor.press('Enter');
  // The title is required (1 to 20 characters): refused before any call.
  await form.getByRole('button', { name: /^(OK|Submit|Confirm)$/ }).click();
  await expect(form.getByText('1 to 20 characters')).toBeVisible();
  await form.getByLabel('Title').fill('浏览器测试直播');
  await form.getByLabel('Description').fill('Playwright');
  await submitModal(page);
  const created = page.getByRole('row', { name: /浏览器测试直播/ });
  await expect(created).toBeVisible();
  await expect(created.getByTestId('broadcast-status')).toHaveText('Reserved');
  await expect(created).toContainText('Volcano enterprise live');

  // The finished one: statistics and viewers with their OA identity.
  await page.getByRole('link', { name: '季度全员大会（演示）' }).first().click();
  const stats = page.getByTestId('broadcast-stats');
  await expect(stats).toContainText('Viewers');
  await expect(stats.locator('.ant-statistic-content-value').first()).toHaveText('7');
  await expect(page.locator('.ant-card').filter({ hasText: 'Viewers' }).last().locator('tbody tr.ant-table-row')).toHaveCount(7);
  const download = page.waitForEvent('download');
  await page.getByTestId('broadcast-export').click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

  // The Feishu corp shows its Volcano keys as set (never their values) and the callback URL.
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: '演示科技（飞书模拟器）' }).click();
  const keys = page.locator('.ant-card').filter({ hasText: 'Volcano Engine enterprise live' });
  await expect(keys).toContainText('/callback/volcano/');
  await expect(keys).not.toContainText('demo-volcano-secret-access-key');
  await expect(keys.getByText('set', { exact: true }).first()).toBeVisible();
});
