import { expect, test } from '@playwright/test';
import { ADMIN_USER } from './env';

test('a wrong password shows an error and stays on the login page', async ({ page }) => {
  await page.goto('/directory');
  // The guard sends an anonymous visitor to the login page (default language: Chinese).
  await expect(page).toHaveURL(/\/login\?from=%2Fdirectory/);
  await page.getByLabel('用户名').fill(ADMIN_USER);
  await page.getByLabel('密码').fill('definitely-wrong-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('the language switch changes the console to English and is remembered', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByLabel('用户名')).toBeVisible();
  await page.getByText('EN', { exact: true }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
