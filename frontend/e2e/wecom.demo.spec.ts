import { expect, test } from '@playwright/test';
import { modal, openDemo } from './helpers';

// Runs against the demo server: its WeCom corp (the WeCom simulator under
// /sim/wecom) is verified and pulled at start, beside the Feishu one.

const CORP = '演示科技（企业微信模拟器）';

test('WeCom corp: verified app with WeCom capabilities, WeCom setup steps, and the app form in WeCom terms', async ({ page }) => {
  test.setTimeout(120_000);
  await openDemo(page);
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: CORP }).click();

  // Verified at start against the simulator: token, contacts read, messages, living.
  await expect(page.getByTestId('cap-summary-credentials')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('cap-summary-contact_read')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('cap-summary-message_send')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('cap-summary-living')).toHaveAttribute('data-ok', 'true');
  // An ordinary app may not write contacts (WeCom 48002): shown as refused.
  await expect(page.getByTestId('cap-summary-contact_write')).toHaveAttribute('data-ok', 'false');

  // The checklist gives WeCom's callback URL, the trusted domain and the trusted-IP note.
  await expect(page.getByTestId('setup-event-url')).toContainText('/callback/wecom/');
  await expect(page.getByText('WeCom admin console checklist')).toBeVisible();
  await expect(page.getByTestId('setup-trusted-domain')).toContainText('Trusted domain');
  await expect(page.getByTestId('setup-publish')).toHaveCount(0); // a Feishu step
  await expect(page.getByTestId('setup-ip-allow-list')).toContainText('60020');

  // The app form names the fields as WeCom does and checks the AgentId.
  await page.getByRole('cell', { name: 'Edit Delete' }).getByText('Edit', { exact: true }).first().click();
  const dialog = modal(page);
  await expect(dialog.getByLabel('AgentId')).toHaveValue('1000002');
  await expect(dialog.getByText('EncodingAESKey')).toBeVisible();
  await dialog.getByLabel('AgentId').fill('cli_not_an_agent');
  await dialog.getByRole('button', { name: /^(OK|Submit|Confirm)$/ }).click();
  await expect(dialog.getByText(/contacts/).first()).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
