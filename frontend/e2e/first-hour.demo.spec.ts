import { expect, test, type Page } from '@playwright/test';
import { login, useEnglish } from './helpers';

// Issue 7 against the demo server (one tenant: the demo's, verified and pulled at start).

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
