import { expect, test, type Page } from '@playwright/test';
import { login, openDemo, slowFeishu, useEnglish } from './helpers';

// Issue 7 against the demo server (one tenant: the demo's, verified and pulled at start).

// Every test ends with the demo's simulator at full speed, even a failed one.
test.afterEach(async ({ page }) => slowFeishu(page.request, 0));

/** Whether the page scrolls sideways (a layout break at this width). */
async function overflows(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

test('a super admin with one tenant lands in its overview: connection, last pull, coverage, next steps', async ({ page }) => {
  await useEnglish(page);
  await page.addInitScript(() => localStorage.removeItem('imbridge.tenant'));
  await login(page);
  await expect(page).toHaveURL(/\/overview$/);
  await expect(page.getByTestId('tenant-switcher')).toContainText('Demo 演示企业');
  const row = page.locator('[data-testid^=overview-corp-]').first();
  await expect(row.getByTestId('overview-connection')).toHaveAttribute('data-status', 'OK');
  await expect(row).toContainText('Succeeded');
  await expect(row.getByTestId('overview-coverage')).toContainText('bound');
  // In Chinese too.
  await page.locator('.ant-segmented-item', { hasText: '中文' }).click();
  await expect(row.getByTestId('overview-connection')).toContainText('正常');
  await expect(page.locator('.ant-page-header-heading-title')).toHaveText('工作台');
});

for (const lang of ['en', 'zh-CN']) {
  for (const size of [
    { width: 390, height: 844 },
    { width: 1280, height: 720 },
  ]) {
    test(`no layout break at ${size.width}px (${lang}): header, overview, corp page, audit log`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.addInitScript((l) => localStorage.setItem('imbridge.lang', l), lang);
      await login(page, undefined, lang);
      // No default body margin.
      expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
      // A favicon the server serves.
      const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel=icon]')?.href ?? '');
      expect(icon).toContain('/favicon.svg');
      expect((await page.request.get(icon)).status()).toBe(200);

      await page.goto('/overview');
      await expect(page.locator('[data-testid^=overview-corp-]').first()).toBeVisible();
      expect(await overflows(page), 'overview scrolls sideways').toBeFalsy();
      await page.screenshot({ path: test.info().outputPath(`overview-${size.width}-${lang}.png`) });

      await page.locator('[data-testid^=overview-corp-] a').first().click();
      await expect(page.getByTestId('verify-app')).toBeVisible();
      expect(await overflows(page), 'corp page scrolls sideways').toBeFalsy();
      await page.screenshot({ path: test.info().outputPath(`corp-${size.width}-${lang}.png`), fullPage: true });

      await page.goto('/audit');
      await expect(page.locator('.ant-table-row').first()).toBeVisible();
      expect(await overflows(page), 'audit page scrolls sideways').toBeFalsy();
      await page.screenshot({ path: test.info().outputPath(`audit-${size.width}-${lang}.png`) });
    });
  }
}

// The server publishes each phase of a pull in steps of at most a twentieth
// (worker's publishDue, besides its time throttle), and the bar gives the
// departments a tenth of it and the people most of it (runFormat.ts). The
// demo's ~500 people pull in about a second, faster than a browser paints
// every step, so the simulator answers 300 ms slower here, as a platform
// across the internet does. The units are checked in worker/mirror
// (TestUsersProgressAdvancesInPeople, TestDepartmentsProgressCountsWrites).
// The run list follows syncRunsChanged: a pull started elsewhere appears
// as it starts, without a refresh or a poll.

test('the pull bar moves in steady steps, and a pull started elsewhere appears in the run list live', async ({ page }) => {
  test.setTimeout(150_000);
  await useEnglish(page);
  await login(page);
  await page.getByRole('link', { name: 'Directory' }).click();
  const button = page.getByTestId('pull-directory');
  await expect(button).not.toHaveClass(/ant-btn-loading/, { timeout: 60_000 });
  const recent = page.getByTestId('recent-pulls');
  await expect(recent.locator('.ant-list-item').first()).toBeVisible();
  const before = await recent.locator('.ant-list-item').count();
  const firstID = await recent.locator('.ant-list-item').first().getAttribute('data-testid');

  // Record every state the bar shows.
  await page.evaluate(() => {
    const w = window as unknown as { pullStates: string[] };
    w.pullStates = [];
    new MutationObserver(() => {
      const el = document.querySelector<HTMLElement>('[data-testid=pull-progress]');
      const s = el && `${el.dataset.status}:${el.dataset.percent}`;
      if (s && w.pullStates[w.pullStates.length - 1] !== s) w.pullStates.push(s);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-percent'] });
  });

  // Started elsewhere (the API), not by this page: the list shows it without a reload.
  const tenant = await page.evaluate(() => localStorage.getItem('imbridge.tenant'));
  const corp = await page.request.post('/query', { data: { query: '{ corps(first: 1) { edges { node { id } } } }' }, headers: { 'X-Imbridge-Tenant': tenant ?? '' } });
  const corpID = (await corp.json()).data.corps.edges[0].node.id;
  const started = await page.request.post('/query', {
    data: { query: 'mutation($c: ID!) { pullDirectory(corpID: $c) { id } }', variables: { c: corpID } },
    headers: { 'X-Imbridge-Tenant': tenant ?? '' },
  });
  const runID = (await started.json()).data.pullDirectory.id;
  await expect(page.getByTestId(`recent-pull-${runID}`)).toBeVisible({ timeout: 10_000 });
  expect(firstID).not.toBe(`recent-pull-${runID}`);
  await expect(page.getByTestId(`recent-pull-${runID}`)).toContainText('Succeeded', { timeout: 90_000 });
  expect(await recent.locator('.ant-list-item').count()).toBeGreaterThanOrEqual(Math.min(before + 1, 5));

  // Now this page's own pull, followed on the bar: a repeat pull counts people, page by page.
  await slowFeishu(page.request, 300);
  await button.click();
  await expect(page.getByTestId('pull-progress')).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });
  const states = await page.evaluate(() => (window as unknown as { pullStates: string[] }).pullStates);
  test.info().annotations.push({ type: 'progress states', description: states.join(' → ') });
  const running = states.filter((s) => s.startsWith('running:')).map((s) => Number(s.split(':')[1]));
  // Slowed, the demo's pull takes a few seconds: the bar is seen part-way in
  // several steps, and what it shows must never go back, nor leap across
  // most of it. Pages of people arrive 16 at a time, so on a loaded machine
  // several reports can land in one render (steps of 34 and 48 were seen
  // with builds running beside the suite): the bound is on a leap, not on
  // the size of an ordinary step.
  expect(states[states.length - 1]).toBe('succeeded:100');
  expect(new Set(running.filter((p) => p > 0 && p < 100)).size, states.join(' → ')).toBeGreaterThanOrEqual(5);
  for (let i = 1; i < running.length; i++) {
    expect(running[i], states.join(' → ')).toBeGreaterThanOrEqual(running[i - 1]);
    expect(running[i] - running[i - 1], states.join(' → ')).toBeLessThanOrEqual(60);
  }
});

// Issue 7 §1: a platform's refusal reaches a Chinese admin in Chinese, worded
// by its code for the platform that sent it. The demo's WeCom app may not
// write contacts (WeCom 48002, whose English remedy the server sends); WeCom's
// numbers overlap Feishu's, so its codes have their own texts.
test('a WeCom refusal is shown in Chinese by its code, the server wording only as the detail', async ({ page }) => {
  await openDemo(page);
  // By the menu, not goto: openDemo's init script would set English again on a load.
  await page.locator('.ant-segmented-item', { hasText: '中文' }).click();
  await page.locator('aside a[href="/integrations"]').click();
  await page.getByRole('link', { name: '演示科技（企业微信模拟器）' }).click();
  const refused = page.getByTestId('cap-text-contact_write');
  await expect(refused).toContainText('48002');
  await expect(refused).toContainText('应用无权调用此接口');
  // Not the server's English remedy as the main text.
  await expect(refused).not.toContainText('may not call');
  await refused.hover();
  await expect(page.locator('.ant-tooltip:visible')).toContainText('原始信息');
});
