import { expect, test, type Page } from '@playwright/test';
import { openDemo, slowFeishu } from './helpers';

// Runs against the second server (playwright.config.ts, project "demo"):
// IMBRIDGE_DEMO=on seeds the demo tenant with a Feishu corp whose API is the
// in-process simulator (~500 people, its documented 50/s limits enforced),
// verifies its app and pulls the directory once at start.

const CORP = '演示科技（飞书模拟器）';

// Every test ends with the simulator at full speed, even a failed one.
test.afterEach(async ({ page }) => slowFeishu(page.request, 0));

/** Records every state the pull's progress bar renders, as "status:percent". */
async function recordPullStates(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { pullStates: string[] };
    w.pullStates = [];
    const record = () => {
      const el = document.querySelector<HTMLElement>('[data-testid=pull-progress]');
      const state = el && `${el.dataset.status}:${el.dataset.percent}`;
      if (state && w.pullStates[w.pullStates.length - 1] !== state) w.pullStates.push(state);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status', 'data-percent'],
    });
  });
}

test('demo tenant: verified Feishu app, both trees, a pull followed live to the end, and its run in the history', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openDemo(page);

  // Its Feishu corp, with the app verified at start: credentials ✔, contact_read ✔.
  await page.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: CORP }).click();
  await expect(page.getByTestId('cap-summary-credentials')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('cap-summary-contact_read')).toHaveAttribute('data-ok', 'true');
  // The first app's checklist is open, with the values to paste into Feishu.
  await expect(page.getByTestId('setup-event-url')).toContainText('/callback/feishu/');
  await expect(page.getByTestId('setup-redirect-url')).toContainText('/sso/feishu/');
  // Verifying again asks the simulator and stores the same result.
  await page.getByTestId('verify-app').click();
  await expect(page.getByTestId('cap-credentials')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('cap-contact_read')).toHaveAttribute('data-ok', 'true');

  // Directory: the OA tree beside the Feishu mirror, both populated.
  await page.getByRole('link', { name: 'Directory' }).click();
  const oaTree = page.locator('[data-testid=department-tree][data-side=oa]');
  const imTree = page.locator('[data-testid=department-tree][data-side=im]');
  await expect(oaTree.locator('.ant-tree-treenode').nth(10)).toBeVisible();
  await expect(imTree.locator('.ant-tree-treenode').nth(10)).toBeVisible();

  // A department of the Feishu tree filters the people to that side and department.
  const dept = imTree.locator('.ant-tree-treenode').nth(2).locator('.ant-tree-title .ant-typography').first();
  const deptName = (await dept.innerText()).trim();
  await dept.click();
  await expect(page.getByTestId('users-scope')).toContainText(CORP);
  await expect(page.getByTestId('users-scope')).toContainText(deptName);
  await expect(page.getByRole('row', { name: new RegExp(deptName) }).first()).toBeVisible();

  // Pull from Feishu (after the pull the server started by itself, if still running).
  const button = page.getByTestId('pull-directory');
  await expect(button).not.toHaveClass(/ant-btn-loading/, { timeout: 30_000 });
  await recordPullStates(page);
  await slowFeishu(page.request, 1000);
  await button.click();
  const progress = page.getByTestId('pull-progress');
  await expect(progress).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('pull-result')).toContainText('Pull finished');
  await expect(progress.getByTestId('run-counters')).toContainText(/unchanged [1-9]\d*/);

  // The bar moved: it was seen running part-way, not just queued then done.
  const states = await page.evaluate(() => (window as unknown as { pullStates: string[] }).pullStates);
  test.info().annotations.push({ type: 'progress states', description: states.join(' → ') });
  const partial = states.some((s) => {
    const [status, percent] = s.split(':');
    return status === 'running' && Number(percent) > 0 && Number(percent) < 100;
  });
  expect(partial, states.join(' → ')).toBe(true);

  // The recent list and the Sync page's history show the run with its counters.
  const recent = page.getByTestId('recent-pulls').locator('.ant-list-item').first();
  await expect(recent).toContainText('Succeeded');
  await expect(recent).toContainText(/unchanged \d+/);
  await page.getByTestId('recent-pulls').getByRole('link', { name: /All runs/ }).click();
  await expect(page).toHaveURL(/\/sync\?kind=im_pull/);
  const row = page.getByRole('row', { name: /Pull IM directory/ }).first();
  await expect(row).toContainText('Succeeded');
  await expect(row).toContainText(/unchanged \d+/);
  await expect(row).toContainText(CORP);
});

test('a pull started elsewhere is picked up when the Directory page opens', async ({ page }) => {
  test.setTimeout(120_000);
  const tenant = await openDemo(page);
  await page.getByRole('link', { name: 'Directory' }).click();
  await expect(page.getByTestId('pull-directory')).not.toHaveClass(/ant-btn-loading/, { timeout: 30_000 });
  // Wait elsewhere, on a page that has settled: the pull below (slowed to
  // several seconds) must still run when the Directory page opens.
  await page.getByRole('link', { name: 'Integrations' }).click();
  await expect(page.getByRole('link', { name: CORP })).toBeVisible();
  await slowFeishu(page.request, 500);

  // Another admin (here: the API, with this session) starts a pull…
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await page.request.post('/query', { data: { query, variables }, headers: { 'X-Imbridge-Tenant': tenant } });
    const body = await res.json();
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  const { corps } = await gql('{ corps(first: 1) { edges { node { id } } } }');
  const { pullDirectory } = await gql('mutation ($id: ID!) { pullDirectory(corpID: $id) { id status } }', {
    id: corps.edges[0].node.id,
  });
  expect(['queued', 'running']).toContain(pullDirectory.status);

  // …and the Directory page, opened now, attaches to it and follows it to the end.
  await page.getByRole('link', { name: 'Directory' }).click();
  const progress = page.getByTestId('pull-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('pull-result')).toContainText('Pull finished');
});
