import { expect, test } from '@playwright/test';
import { modal, openDemo, submitModal } from './helpers';

// Runs against the demo server (project "demo"): the demo tenant has an OA
// endpoint pointing at the demo OA receiver served by the same process.

const DEMO_ENDPOINT = '演示 OA (demo receiver)';

test('OA webhooks: the demo endpoint answers a test; a new endpoint shows its secret once and a receiver without it refuses', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await openDemo(page);
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: 'OA webhooks' }).click();
  // The endpoint is listed (its deliveries name it too, in the table below).
  await expect(page.getByRole('cell', { name: DEMO_ENDPOINT }).first()).toBeVisible();

  // The demo receiver holds the demo endpoint's secret: the test is accepted.
  await page.getByTestId(`webhook-test-${DEMO_ENDPOINT}`).click();
  await expect(page.getByText(/The receiver accepted it \(HTTP 204/)).toBeVisible();

  // A new endpoint: its secret is shown once, in a modal.
  await page.getByTestId('webhook-create').click();
  const form = modal(page);
  await form.getByLabel('Name').fill('Second OA');
  await form.getByLabel('URL').fill(`${baseURL}/demo/oa/webhook`);
  await submitModal(page);
  await expect(page.getByTestId('webhook-secret-value')).toContainText('whsec_');
  await modal(page).getByRole('button', { name: 'OK' }).click();
  await expect(page.getByTestId('webhook-secret-value')).toHaveCount(0);
  const row = page.getByRole('row', { name: /Second OA/ });
  await expect(row).toContainText('****');
  await expect(page.locator('body')).not.toContainText(/whsec_[A-Za-z0-9_-]{20}/);

  // The demo receiver does not know that secret: it answers 401, shown with its reason.
  await page.getByTestId('webhook-test-Second OA').click();
  await expect(page.getByRole('dialog')).toContainText('HTTP 401');

  // The receiver's page lists both attempts, verified and refused.
  await page.goto('/demo/oa');
  await expect(page.getByText('✓ verified').first()).toBeVisible();
  await expect(page.getByText(/✗/).first()).toBeVisible();
});
