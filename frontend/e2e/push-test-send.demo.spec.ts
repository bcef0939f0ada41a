import { expect, test } from '@playwright/test';
import { modal, openDemo } from './helpers';

// Runs against the demo server (project "demo"): "send a test to myself"
// from a push rule's template preview (issue 9 item 4). The demo admin is
// linked to the first Feishu person as the demo starts, and the demo's 日报
// rule sends rich text through the demo's verified Feishu app: the test
// answers with the platform's message id. A target not saved yet cannot be
// tested.

test('Push: send a test to myself from the template preview shows the platform message id', async ({ page }) => {
  test.setTimeout(120_000);
  await openDemo(page);
  await page.getByRole('link', { name: 'Push' }).click();
  await page.getByRole('tab', { name: 'Push rules' }).click();
  const row = page.getByRole('row').filter({ has: page.getByTestId('push-rule-name').getByText('日报', { exact: true }) });
  await row.getByText('Edit').click();
  const form = modal(page);
  await expect(form.getByTestId('template-preview')).toContainText('报销单 1024');
  await form.getByTestId('push-test-send').click();
  await expect(form.getByTestId('push-test-sent')).toContainText(/Sent, platform message ID: om_\w+/);

  // An unsaved template: the test sends the saved one, and says so.
  await form.getByLabel('Title template').fill('测试：{{title}}');
  await expect(form.getByTestId('template-preview')).toContainText('测试：报销单 1024');
  await expect(form.getByText('the test sends the saved ones')).toBeVisible();

  // A target added in the form has no id yet: no test.
  await form.getByText('Add a target').click();
  await expect(form.getByTestId('push-test-send').last()).toBeDisabled();
});
