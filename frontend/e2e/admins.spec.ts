import { expect, test } from '@playwright/test';
import { login, modal, submitModal, useEnglish } from './helpers';

const run = Date.now().toString(36);

test('admins: server-side field errors land on the form, then create, change role, disable, delete', async ({ page }) => {
  await useEnglish(page);
  await login(page);
  await page.getByRole('link', { name: 'Admins' }).click();

  // The server validates usernames; its BAD_USER_INPUT names the field, and
  // the console shows the message under that field (the modal stays open).
  // A super admin account needs no tenant, so this works without picking one.
  await page.getByRole('button', { name: 'New admin' }).click();
  // antd's Select input sits under its selection label; click the control itself.
  await modal(page).locator('.ant-select', { has: page.locator('#admin_role') }).click();
  await page.locator('.ant-select-dropdown:visible').getByText('Super admin', { exact: true }).click();
  await modal(page).getByLabel('Username').fill('bad name!');
  await modal(page).getByLabel('Initial password').fill('e2e-operator-pass');
  await modal(page).getByRole('button', { name: 'OK' }).click();
  await expect(modal(page).locator('#admin_username_help')).toBeVisible();

  const name = `ops-${run}`;
  await modal(page).getByLabel('Username').fill(name);
  await submitModal(page);

  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible();

  // The signed-in account is marked and cannot lock itself out.
  const self = page.getByRole('row', { name: /admin\s+You/ });
  await expect(self.getByRole('switch')).toBeDisabled();

  // Change role inline, after a confirmation that names the change.
  await row.locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Viewer', { exact: true }).click();
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText(`Change the role of ${name} from “Super admin” to “Viewer”?`);
  await confirm.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByText('Saved').first()).toBeVisible();
  await expect(row.locator('.ant-select')).toContainText('Viewer');

  // Reset its password (a tenant or super admin sets another account's).
  await row.getByTestId(`reset-password-${name}`).click();
  await modal(page).getByLabel('New password', { exact: true }).fill('Reset-Pass-12345');
  await modal(page).getByLabel('Confirm new password').fill('Reset-Pass-12345');
  await submitModal(page);
  await expect(page.getByText(`The password of ${name} was reset`)).toBeVisible();

  // Disable, then delete.
  await row.getByRole('switch').click();
  await expect(row.getByRole('switch')).not.toBeChecked();
  await row.getByText('Delete').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'OK' }).click();
  await expect(row).toBeHidden();
});
