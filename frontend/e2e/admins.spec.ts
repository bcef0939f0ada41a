import { expect, test } from '@playwright/test';
import { login, modal, pickOption, submitModal, useEnglish } from './helpers';

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

test('admins: a super admin sees every tenant’s accounts with the tenant as a column and a filter', async ({ page }) => {
  await useEnglish(page);
  await login(page);
  // Two tenants with an admin each, made through the API as a super admin (no tenant header).
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await page.request.post('/query', { data: { query, variables } });
    const body = await res.json();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  const made: { tenant: string; admin: string }[] = [];
  for (const n of ['a', 'b']) {
    const slug = `filter-${n}-${run}`;
    const { createTenant } = await gql('mutation($i: CreateTenantInput!) { createTenant(input: $i) { id } }', {
      i: { name: `Filter ${n.toUpperCase()} ${run}`, slug },
    });
    await gql('mutation($i: CreateAdminInput!) { createAdmin(input: $i) { id } }', {
      i: { username: `adm-${n}-${run}`, password: 'Filter-Pass-12345', role: 'tenant_admin', tenantID: createTenant.id },
    });
    made.push({ tenant: `Filter ${n.toUpperCase()} ${run}`, admin: `adm-${n}-${run}` });
  }
  await page.getByRole('link', { name: 'Admins' }).click();
  const rowOf = (name: string) => page.getByRole('row', { name: new RegExp(`^${name}\\b`) });
  // The column names each account's tenant.
  await page.getByLabel('Username').fill(`-${run}`);
  await page.getByRole('button', { name: 'Query' }).click();
  await expect(rowOf(made[0].admin)).toContainText(made[0].tenant);
  await expect(rowOf(made[1].admin)).toContainText(made[1].tenant);

  // The filter: one tenant's accounts only.
  await page.getByLabel('Username').fill('');
  await page.locator('.ant-select', { has: page.locator('#tenantFilter') }).click();
  await pickOption(page, made[0].tenant);
  await page.getByRole('button', { name: 'Query' }).click();
  await expect(rowOf(made[1].admin)).toBeHidden();
  await expect(rowOf(made[0].admin)).toBeVisible();
  await expect(page.locator('.ant-table-row')).toHaveCount(1);

  // Accounts without a tenant: the super admins.
  await page.locator('.ant-select', { has: page.locator('#tenantFilter') }).click();
  await pickOption(page, 'No tenant (super admins)');
  await page.getByRole('button', { name: 'Query' }).click();
  await expect(rowOf(made[0].admin)).toBeHidden();
  await expect(page.getByRole('row', { name: /admin\s+You/ })).toBeVisible();
  for (const r of await page.locator('.ant-table-row').all()) await expect(r).toContainText('(super admin)');
});
