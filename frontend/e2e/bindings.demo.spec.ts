import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { expect, test } from '@playwright/test';
import { openDemo, waitForDemoSyncStory } from './helpers';

// Runs against the demo server (project "demo"): the demo corp's Feishu
// mirror is pulled at start, most of its people are in the OA directory with
// the same mobile, and the demo's sync story binds them.

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


test('binding workbench: export, batch unbind, import the file back with a bad row, report and history', async ({ page }) => {
  test.setTimeout(360_000);
  const tenant = await openDemo(page);
  // The demo's sync story binds most people; let it finish so the counts hold still.
  await waitForDemoSyncStory(page, tenant);
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByTestId('open-workbench').click();
  await expect(page.getByText('Binding workbench').first()).toBeVisible();
  const unbindCard = page.getByTestId('binding-unbind-all');
  const count = unbindCard.locator('.ant-statistic-content');
  await expect(count).not.toHaveText('0');
  const before = Number(await count.innerText());

  // Export as CSV, matching by mobile: bound people come with their OA mobile filled in.
  const exportCard = page.getByTestId('binding-export');
  await exportCard.getByText('CSV', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-bindings').click()]);
  expect(download.suggestedFilename()).toMatch(/^bindings-.*\.csv$/);
  const text = readFileSync(await download.path()).toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff); // a byte-order mark, for Excel
  const rows = parseCSV(text.slice(1));
  const header = rows[0];
  const match = header.indexOf('关联字段 match_value');
  const boundOA = header.indexOf('已绑定OA账号 bound_oa_user_id');
  expect(match).toBeGreaterThan(0);
  const filledRows = rows.slice(1).filter((r) => r[match]);
  expect(filledRows.length).toBe(before);
  for (const r of filledRows) expect(r[boundOA]).not.toBe('');

  // Batch unbind, confirmed by typing the count.
  await page.getByTestId('unbind-all').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Unbind all ${before} bindings of`);
  const ok = dialog.getByRole('button', { name: 'Unbind all' });
  await expect(ok).toBeDisabled();
  await dialog.getByTestId('unbind-all-count').fill(String(before + 1));
  await expect(ok).toBeDisabled();
  await dialog.getByTestId('unbind-all-count').fill(String(before));
  await ok.click();
  await expect(page.getByText(`Unbound ${before}`)).toBeVisible();
  await expect(count).toHaveText('0');
  const history = page.getByTestId('binding-history');
  await expect(history.locator('.ant-table-row').first()).toContainText('unbound');

  // Import the export back, with one filled row spoiled.
  const spoiled = rows.findIndex((r, i) => i > 0 && r[match]);
  rows[spoiled][match] = 'not-a-number';
  const filled = join(tmpdir(), `bindings-filled-${Date.now()}.csv`);
  writeFileSync(filled, toCSV(rows));
  const importCard = page.getByTestId('binding-import');
  await importCard.locator('input[type=file]').setInputFiles(filled);
  await page.getByTestId('import-bindings').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  const done = page.getByText(/^Import done: \d+ people bound/);
  await expect(done).toBeVisible();
  const bound = Number(/(\d+) people/.exec(await done.innerText())?.[1]);
  expect(bound).toBeGreaterThan(0);
  expect(bound).toBeLessThan(before); // the spoiled row, and people whose OA account has since resigned

  // The bad row, with its row number (the spreadsheet's: the header is row 1) and reason.
  await report.getByTestId('report-filter').getByText(/^invalid 1$/).click();
  const bad = report.locator('.ant-table-row');
  await expect(bad).toHaveCount(1);
  await expect(bad.locator('td').first()).toHaveText(String(spoiled + 1));
  await expect(bad).toContainText('not-a-number');

  // The count and the history follow.
  await expect(count).toHaveText(String(bound));
  await expect(history.locator('.ant-table-row').first()).toContainText('import');

  // The same file again, as a preview: everyone it bound is already bound, nothing is written.
  await page.getByTestId('import-dry-run').click();
  await page.getByTestId('import-bindings').click();
  await expect(page.getByText('Preview done, nothing written')).toBeVisible();
  await expect(report.getByTestId('report-filter')).toContainText(`already bound ${bound}`);
  await expect(count).toHaveText(String(bound));
});
