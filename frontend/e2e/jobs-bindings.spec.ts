import { expect, test } from '@playwright/test';
import { login, modal, openDemo, pickOption, useEnglish } from './helpers';

// Runs against the demo server (project "demo"): its tenant has an imported
// OA directory and the Feishu mirror pulled at start, so people can be bound.

test('super admin: Jobs lists the three queues and the archived jobs of one', async ({ page }) => {
  await useEnglish(page);
  await login(page);
  await page.getByRole('link', { name: 'Jobs' }).click();
  const queues = page.getByTestId('job-queues');
  for (const name of ['critical', 'default', 'low']) {
    await expect(queues.locator('.ant-table-row', { hasText: name })).toBeVisible();
  }
  await page.getByTestId('jobs-refresh').click();
  await queues.locator('.ant-table-row', { hasText: 'low' }).click();
  await expect(page.getByText('Archived jobs: low')).toBeVisible();
  await expect(page.getByText('Archived jobs failed all their retries')).toBeVisible();
});

// The demo auto-binds by mobile after its first pull, so its people start
// bound: the test unbinds one first. The bind dialog then offers the corp's
// unbound IM users first and marks bound ones.
test('unbind an OA user in the Directory, bind it to an IM user, see the tag, unbind it', async ({ page }) => {
  test.setTimeout(180_000);
  // A query is done when the table has the answer to the filter it sent
  // (`where` holds `key`) and stopped spinning. Not when the Query button
  // drops its spinner: antd's Button sometimes keeps the icon's leave
  // animation on screen after its loading prop went false, when the answer
  // came back within the icon's enter animation (about one search in ten
  // on PostgreSQL); the button still works, only the icon lingers.
  const query = async (key: string) => {
    const answered = page.waitForResponse(
      (r) => {
        const body = r.request().postDataJSON();
        return r.url().endsWith('/query') && body?.operationName === 'DirectoryUsers' && key in (body.variables?.where ?? {});
      },
      { timeout: 30_000 },
    );
    await page.getByRole('button', { name: 'Query' }).click();
    await answered;
    await expect(page.locator('.ant-table-wrapper .ant-spin-spinning')).toHaveCount(0);
  };
  await openDemo(page);
  await page.getByRole('link', { name: 'Directory' }).click();
  await expect(page.getByTestId('users-scope')).toContainText('OA directory');

  // The first bound OA person, through the Binding filter, then found by name.
  await page.getByText('Expand', { exact: true }).click(); // the search form's further fields
  await page.getByTestId('binding-filter').click();
  await pickOption(page, /^bound$/);
  await query('hasOaBindings');
  const first = page.locator('.ant-table-row', { has: page.getByTestId('binding-tag') }).first();
  await expect(first).toBeVisible();
  const oaName = (await first.locator('td').first().innerText()).trim();
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByPlaceholder('Name / mobile / email / employee no.').fill(oaName);
  await query('search');
  const row = page.locator('.ant-table-row', { hasText: oaName }).first();
  await expect(row.getByTestId('binding-tag').first()).toBeVisible();

  // Unbind, confirmed: once per corp the person is bound in (the demo binds
  // its people in its Feishu and its WeCom corp).
  const bound = await row.getByTestId('binding-tag').count();
  expect(bound).toBeGreaterThan(0);
  for (let left = bound; left > 0; left--) {
    await row.getByTestId('unbind-user').first().click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'OK' }).click();
    // The confirmation closes before the next one opens (a closing one is still "visible").
    await expect(page.locator('.ant-popconfirm:visible')).toHaveCount(0);
    await expect(row.getByTestId('binding-tag')).toHaveCount(left - 1);
  }
  await expect(page.getByText('Unbound', { exact: true }).first()).toBeVisible();
  await expect(row).toContainText('not bound');

  // Bind: the first IM user offered is an unbound one.
  await row.getByTestId('bind-user').click();
  const dialog = modal(page);
  await expect(dialog).toContainText(`Bind ${oaName} to an IM account`);
  await dialog.getByLabel('IM user').click();
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
  await expect(option).toBeVisible();
  await expect(option).not.toContainText('already bound');
  const imName = (await option.innerText()).split(' · ')[0].trim();
  await option.click();
  await dialog.getByRole('button', { name: /^(OK|Submit|Confirm)$/ }).click();
  await expect(page.getByText('Bound', { exact: true })).toBeVisible();
  await expect(row.getByTestId('binding-tag')).toContainText(`${imName} · manual`);

  // Binding the same IM user again is refused with a clear message; the
  // dialog marks it bound now.
  await row.getByTestId('bind-user').click();
  await modal(page).getByLabel('IM user').fill(imName);
  const again = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: imName }).first();
  await expect(again).toContainText('already bound');
  await again.click();
  await modal(page).getByRole('button', { name: /^(OK|Submit|Confirm)$/ }).click();
  await expect(page.getByText(/^Already bound/)).toBeVisible();
  await modal(page).getByRole('button', { name: 'Cancel' }).click();

  // Unbind, confirmed.
  await row.getByTestId('unbind-user').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: 'OK' }).click();
  await expect(row.getByTestId('binding-tag')).toHaveCount(0);
  await expect(row).toContainText('not bound');
});
