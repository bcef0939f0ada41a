import { expect, test } from '@playwright/test';
import { firstSubscriptionEvent, gqlWithToken, login, modal, pickOption, submitModal, useEnglish } from './helpers';

// One walk through the console as a new super admin would do it: tenant →
// corp → app → API token → OA import over GraphQL → directory → audit log.
// Names carry a run id so the test also passes against a reused database.
const run = Date.now().toString(36);

const IMPORT = `
  mutation Import($input: ImportDirectoryInput!) {
    importDirectory(input: $input) { run { id status } }
  }`;

const DIRECTORY = {
  complete: true,
  departments: [
    { externalID: `HQ-${run}`, name: `总部-${run}` },
    { externalID: `RD-${run}`, name: `研发部-${run}`, parentExternalID: `HQ-${run}`, order: 1 },
    { externalID: `SALES-${run}`, name: `销售部-${run}`, parentExternalID: `HQ-${run}`, order: 2 },
  ],
  users: [
    {
      externalID: `u1-${run}`,
      name: `张三${run}`,
      mobile: '13800000001',
      email: `zhangsan-${run}@example.com`,
      memberships: [{ departmentExternalID: `RD-${run}`, primary: true }, { departmentExternalID: `SALES-${run}` }],
    },
    { externalID: `u2-${run}`, name: `李四${run}`, memberships: [{ departmentExternalID: `SALES-${run}`, primary: true }] },
  ],
};

test('set up a tenant, a Feishu corp and app, import a directory, and audit it', async ({ page }) => {
  // Many steps against one server on a small shared machine.
  test.setTimeout(150_000);
  await useEnglish(page);
  await login(page);
  await expect(page.getByTestId('user-menu')).toBeVisible();

  // Tenant: create one and work in it.
  await page.goto('/tenants');
  await page.getByRole('button', { name: 'New tenant' }).click();
  await modal(page).getByLabel('Tenant name').fill(`E2E ${run}`);
  await modal(page).getByLabel('Slug').fill(`e2e-${run}`);
  await submitModal(page);
  const row = page.getByRole('row', { name: new RegExp(`e2e-${run}`) });
  await row.getByText('Work in this tenant').click();
  await expect(page.getByTestId('tenant-switcher')).toContainText(`E2E ${run}`);

  // Corp on Feishu; the API base URL is pre-filled for the platform.
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('button', { name: 'New corp' }).click();
  await expect(modal(page).getByLabel('API base URL')).toHaveValue('https://open.feishu.cn');
  await modal(page).getByLabel('Corp name').fill(`Feishu ${run}`);
  await submitModal(page);
  await expect(page).toHaveURL(/\/integrations\/[^/]+$/);

  // App with a secret: afterwards the secret only shows as "set".
  await page.getByRole('button', { name: 'New app' }).click();
  await modal(page).getByLabel('App name').fill('OA');
  await modal(page).getByLabel('App ID').fill(`cli_${run}`);
  await modal(page).getByLabel('App secret').fill('e2e-app-secret');
  await submitModal(page);
  const appRow = page.getByRole('row', { name: new RegExp(`cli_${run}`) });
  await expect(appRow).toContainText('App secret: set');

  // API token for the OA system, shown once.
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByRole('button', { name: 'New token' }).click();
  await modal(page).getByLabel('Name').fill(`oa-${run}`);
  await modal(page).getByLabel('Scopes').click();
  // Scopes are offered in words, with the scope name.
  await pickOption(page, 'Read the tenant (read)');
  await pickOption(page, '(directory:write)');
  await page.keyboard.press('Escape');
  await submitModal(page);
  const token = (await page.getByTestId('api-token-value').innerText()).trim();
  expect(token.length).toBeGreaterThan(16);
  await expect(page.getByTestId('api-usage')).toContainText('/query');
  await page.getByRole('dialog', { name: 'Token created' }).getByRole('button', { name: 'OK' }).click();

  // The OA pushes its directory through GraphQL with that token.
  const data = await gqlWithToken(page, token, IMPORT, { input: DIRECTORY });
  expect(data.importDirectory.run.id).toBeTruthy();

  // Directory: the tree shows the departments, the table the people.
  await page.getByRole('link', { name: 'Directory' }).click();
  const tree = page.getByTestId('department-tree');
  await expect(tree.getByText(`研发部-${run}`)).toBeVisible();
  await expect(tree.getByText(`销售部-${run}`)).toBeVisible();
  await expect(page.getByRole('cell', { name: `张三${run}` })).toBeVisible();
  await expect(page.getByRole('cell', { name: `李四${run}` })).toBeVisible();
  // Filtering by a department narrows the table to its members.
  await tree.getByText(`研发部-${run}`).click();
  await expect(page.getByRole('cell', { name: `李四${run}` })).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(`张三${run}`) })).toContainText('primary');

  // Sync: the import is listed as a run, and its progress can be subscribed to.
  await page.getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByRole('row', { name: /OA import/ }).first()).toContainText('Succeeded');
  const event = (await firstSubscriptionEvent(
    page,
    'subscription ($id: ID!) { syncRunProgress(id: $id) { id status } }',
    { id: data.importDirectory.run.id },
  )) as { data: { syncRunProgress: { status: string } } };
  expect(event.data.syncRunProgress.status).toBe('succeeded');

  // Audit log: every step above left a trace.
  await page.getByRole('link', { name: 'Audit log' }).click();
  // Actions in words, not mutation names.
  for (const action of ['Created a corp', 'Created an app', 'Imported the OA directory']) {
    await expect(page.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
  }
});
