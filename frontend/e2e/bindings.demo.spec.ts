import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { expect, test } from '@playwright/test';
import { openDemo } from './helpers';

// Runs against the demo server (project "demo"): the demo corp's Feishu
// mirror is pulled at start and most of its people are in the OA directory
// with the same mobile, none bound.

/** RFC 4180 CSV, enough for an export (quoted cells, doubled quotes). */
function parseCSV(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const toCSV = (rows: string[][]) =>
  rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n') + '\n';

test('binding workbench: export, fill the match column, import with a bad row, see the report and history, unbind all', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openDemo(page);
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByTestId('open-workbench').click();
  await expect(page.getByText('Binding workbench').first()).toBeVisible();

  // Nothing bound in the demo yet.
  const unbindCard = page.getByTestId('binding-unbind-all');
  await expect(unbindCard.locator('.ant-statistic-content')).toHaveText('0');

  // Export as CSV.
  const exportCard = page.getByTestId('binding-export');
  await exportCard.getByText('CSV', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-bindings').click()]);
  expect(download.suggestedFilename()).toMatch(/^bindings-.*\.csv$/);
  const text = readFileSync(await download.path()).toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff); // a byte-order mark, for Excel
  const rows = parseCSV(text.slice(1));
  const header = rows[0];
  expect(header).toContain('关联字段 match_value');
  const mobile = header.indexOf('手机号 mobile');
  const match = header.indexOf('关联字段 match_value');
  expect(rows.length).toBeGreaterThan(100);

  // Fill the first ten rows with their own mobile (the demo's OA has most
  // people under the same number), and row 13 with something that is no number.
  for (let i = 1; i <= 10; i++) rows[i][match] = rows[i][mobile];
  rows[12][match] = 'not-a-number';
  const filled = join(tmpdir(), `bindings-filled-${Date.now()}.csv`);
  writeFileSync(filled, toCSV(rows));

  // Import it, matching by mobile.
  const importCard = page.getByTestId('binding-import');
  await importCard.locator('input[type=file]').setInputFiles(filled);
  await page.getByTestId('import-bindings').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(page.getByText(/^Import done: \d+ people bound/)).toBeVisible();
  const done = await page.getByText(/^Import done: \d+ people bound/).innerText();
  const bound = Number(/(\d+) people/.exec(done)?.[1]);
  expect(bound).toBeGreaterThan(0);
  expect(bound).toBeLessThanOrEqual(10);

  // The bad row, with its row number and reason.
  await report.getByTestId('report-filter').getByText(/^invalid 1$/).click();
  const bad = report.locator('.ant-table-row');
  await expect(bad).toHaveCount(1);
  await expect(bad.locator('td').first()).toHaveText('13');
  await expect(bad).toContainText('not-a-number');
  await expect(bad).toContainText('invalid');

  // The bindings count and the history follow.
  await expect(unbindCard.locator('.ant-statistic-content')).toHaveText(String(bound));
  const history = page.getByTestId('binding-history');
  await expect(history.locator('.ant-table-row').first()).toContainText('bound');
  await expect(history.locator('.ant-table-row').first()).toContainText('import');

  // The same file again: nothing new, everyone already bound.
  await page.getByTestId('import-dry-run').click();
  await page.getByTestId('import-bindings').click();
  await expect(page.getByText('Preview done, nothing written')).toBeVisible();
  await expect(report.getByTestId('report-filter')).toContainText(`already bound ${bound}`);

  // Batch unbind, confirmed by typing the count.
  await page.getByTestId('unbind-all').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Unbind all ${bound} bindings of`);
  const ok = dialog.getByRole('button', { name: 'Unbind all' });
  await expect(ok).toBeDisabled();
  await dialog.getByTestId('unbind-all-count').fill(String(bound + 1));
  await expect(ok).toBeDisabled();
  await dialog.getByTestId('unbind-all-count').fill(String(bound));
  await ok.click();
  await expect(page.getByText(`Unbound ${bound}`)).toBeVisible();
  await expect(unbindCard.locator('.ant-statistic-content')).toHaveText('0');
  await expect(history.locator('.ant-table-row').first()).toContainText('unbound');
});
