import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { expect, test } from '@playwright/test';
import { openDemo } from './helpers';

// Issue 7 §1 for the binding import (关联导入): each row's reason is a stable
// code (BindingImportReason) the console words in the admin's language;
// the server's English sentence is only the tooltip. A preview (dry run)
// writes nothing, so the demo's other specs see the same bindings.
test('binding import report: every row reason by its code, in English and in Chinese', async ({ page }) => {
  test.setTimeout(180_000);
  const tenant = await openDemo(page);
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await page.request.post('/query', { data: { query, variables }, headers: { 'X-Imbridge-Tenant': tenant } });
    const body = await res.json();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  // Two IM users of the demo's Feishu corp (the one the workbench opens on).
  const corps = await gql('{ corps(first: 10) { edges { node { id platform } } } }');
  const corp = corps.corps.edges.map((e: { node: { id: string; platform: string } }) => e.node).find((c: { platform: string }) => c.platform === 'feishu');
  const exp = await gql('query($c: ID!) { bindingExport(corpID: $c, matchField: MOBILE, format: CSV) { contentBase64 } }', { c: corp.id });
  const lines = Buffer.from(exp.bindingExport.contentBase64, 'base64').toString('utf8').replace(/^\ufeff/, '').split(/\r?\n/);
  const [a, b] = lines.slice(1, 3).map((l) => l.split(',')[0]);
  expect(a && b).toBeTruthy();

  const file = join(tmpdir(), `first-hour-reasons-${Date.now()}.csv`);
  writeFileSync(
    file,
    [
      '用户ID user_id,关联字段 match_value',
      ',+8613800000000', // 2: no user_id
      'ou-nobody,+8613800000000', // 3: no such IM user
      `${a},not-a-number`, // 4: not a mobile
      `${a},+8613800000000`, // 5: row 4 named this IM user
      `${b},+8619999999999`, // 6: no OA user has it
    ].join('\n') + '\n',
  );

  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByTestId('open-workbench').click();
  const card = page.getByTestId('binding-import');
  await card.locator('input[type=file]').setInputFiles(file);
  await page.getByTestId('import-dry-run').click();
  await page.getByTestId('import-bindings').click();
  const report = page.getByTestId('import-report');
  await expect(report.locator('.ant-table-row')).toHaveCount(5);

  const reason = (row: number) => report.locator('.ant-table-row').nth(row - 2).getByTestId('row-reason');
  const want: [number, string, string, string][] = [
    [2, 'IM_USER_MISSING', 'The user_id cell is empty', 'user_id 单元格为空'],
    [3, 'IM_USER_UNKNOWN', "No user with user_id ou-nobody in this corp's directory", '该企业通讯录中没有 user_id 为 ou-nobody 的用户'],
    [4, 'MOBILE_INVALID', 'not-a-number is not a mobile number', 'not-a-number 不是有效的手机号'],
    [5, 'IM_USER_REPEATED', 'Row 4 already names this IM user', '第 4 行已填写同一个 IM 用户'],
    [6, 'OA_USER_UNKNOWN', 'No OA user has Mobile +8619999999999', '没有手机号为 +8619999999999 的 OA 用户'],
  ];
  for (const [row, code, en] of want) {
    await expect(reason(row)).toHaveAttribute('data-code', code);
    await expect(reason(row)).toContainText(en);
  }
  // The server's own sentence is the tooltip, not the text.
  await reason(3).hover();
  await expect(page.locator('.ant-tooltip:visible')).toContainText('export again after a pull');

  // The same report in Chinese, without importing again.
  await page.locator('.ant-segmented-item', { hasText: '中文' }).click();
  for (const [row, code, , zh] of want) {
    await expect(reason(row)).toHaveAttribute('data-code', code);
    await expect(reason(row)).toContainText(zh);
    await expect(reason(row)).not.toContainText(/[A-Za-z]{4,} (is|has|already|cell)/);
  }
  await expect(report.getByTestId('report-filter')).toContainText('未找到 3');
});
