// axe-core (WCAG 2.1 A and AA rules) on every page, in French and in English, plus a few
// checks a scanner cannot make (page titles, skip link, focus after navigation).
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support';

const pages = [
  '/',
  '/register',
  '/check-email',
  '/login',
  '/forgot-password',
  '/reset-password?token=unknown',
  '/verify-email?token=unknown',
  '/account',
  '/page-that-does-not-exist',
];

for (const lang of ['fr', 'en'] as const) {
  for (const path of pages) {
    test(`${path} has no WCAG 2.1 AA violation (${lang})`, async ({ page }) => {
      await page.addInitScript((l) => window.localStorage.setItem('voix.lang', l), lang);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // Let pending API calls (town, session, token checks) settle before scanning.
      await page.waitForLoadState('networkidle');
      await expect(page).toHaveTitle(/Voix/);
      await expectAccessible(page, `${path} (${lang})`);
    });
  }
}

test('skip link reaches the main content', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-link');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.locator('#email')).toBeFocused();
});
