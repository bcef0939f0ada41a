import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { login, modal, submitModal, useEnglish } from './helpers';

// An admin gets the OA directory in without writing code: download the CSV
// template, fill it in, upload it; a bad row is shown by row and column and
// nothing is imported; the corrected file, with a gender and a custom
// attribute, is previewed with both, imports and the people appear.
const run = Date.now().toString(36);

test('upload the OA directory from the template: a bad row, then a good file', async ({ page }) => {
  await useEnglish(page);
  await login(page);

  await page.goto('/tenants');
  await page.getByRole('button', { name: 'New tenant' }).click();
  await modal(page).getByLabel('Tenant name').fill(`Import ${run}`);
  await modal(page).getByLabel('Slug').fill(`import-${run}`);
  await submitModal(page);
  await page.getByRole('row', { name: new RegExp(`import-${run}`) }).getByText('Work in this tenant').click();

  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByTestId('open-import').click();
  await expect(page).toHaveURL(/\/directory\/import$/);

  // The template, as downloaded: UTF-8 with a BOM and the Chinese headers.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-csv').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'imbridge-import-'));
  const tplPath = join(dir, dl.suggestedFilename());
  await dl.saveAs(tplPath);
  const template = readFileSync(tplPath, 'utf8');
  expect(template.startsWith('\ufeff部门编号,部门名称,上级部门编号,工号,姓名,手机号,邮箱,职位,主部门,兼职部门,状态,性别,自定义:职级')).toBeTruthy();

  const fill = (name: string, rows: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, template + rows.join('\r\n') + '\r\n');
    return path;
  };
  const depts = [`HQ-${run},总部${run},,,,,,,,,`, `RD-${run},研发部${run},HQ-${run},,,,,,,,`];
  const upload = page.locator('input[type=file]');

  // Row 5 (header is row 1) has a mobile no country has.
  await upload.setInputFiles(
    fill('bad.csv', [...depts, `,,,E1-${run},张三${run},13800138000,,工程师,RD-${run},,在职`, `,,,E2-${run},李四${run},138001,,,HQ-${run},,`]),
  );
  await expect(page.getByTestId('import-summary')).toContainText('1 problems found');
  const problems = page.getByTestId('import-problems');
  await expect(problems.getByRole('row', { name: /5\s+手机号/ })).toContainText('138001');
  await expect(page.getByTestId('import-start')).toBeDisabled();

  // A misspelt header (手机 for 手机号) is not read, and the preview says so.
  const misspelt = join(dir, 'misspelt.csv');
  writeFileSync(misspelt, template.replace('手机号', '手机') + [...depts, `,,,E1-${run},张三${run},13800138000,,,RD-${run},,`].join('\r\n') + '\r\n');
  await upload.setInputFiles(misspelt);
  await expect(page.getByTestId('import-ignored-columns')).toContainText('not read: column F “手机”.');

  // The corrected file: previewed without problems, then imported.
  await upload.setInputFiles(
    fill('good.csv', [
      ...depts,
      `,,,E1-${run},张三${run},13800138000,,工程师,RD-${run},,在职,男,P5`,
      `,,,E2-${run},李四${run},13800138001,,,HQ-${run},,,female,`,
    ]),
  );
  await expect(page.getByTestId('import-summary')).toContainText('Read 2 departments and 2 people');
  await expect(page.getByTestId('import-problems')).toBeHidden();
  await expect(page.getByTestId('import-ignored-columns')).toBeHidden();
  // 性别 and the 自定义: column are read: 男 is male, female as written.
  const users = page.getByTestId('import-users');
  await expect(users.getByRole('row', { name: new RegExp(`张三${run}`) })).toContainText('male');
  await expect(users.getByRole('row', { name: new RegExp(`张三${run}`) })).toContainText('职级: P5');
  await expect(users.getByRole('row', { name: new RegExp(`李四${run}`) })).toContainText('female');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-result')).toContainText('Imported');
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'succeeded');

  await page.getByTestId('import-done').click();
  await expect(page.getByTestId('department-tree').getByText(`研发部${run}`)).toBeVisible();
  await expect(page.getByRole('cell', { name: `李四${run}` })).toBeVisible();
});
