// The login page of a town whose staff sign in with the town hall's directory (LDAP / Active
// Directory): the choice is offered, reachable with the keyboard, accessible in both
// languages, and sends the login name to the directory endpoint. The directory itself is
// tested against a real slapd in backend/tests/api/ldap.rs; here the town's answer is stubbed
// so that the page shows its directory option.
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support';

test.beforeEach(async ({ page }) => {
  await page.route('**/api/v1/town', async (route) => {
    const response = await route.fetch();
    const town = await response.json();
    await route.fulfill({ response, json: { ...town, directory_login: true } });
  });
});

for (const lang of ['fr', 'en'] as const) {
  test(`directory login option is accessible (${lang})`, async ({ page }) => {
    await page.addInitScript((l) => window.localStorage.setItem('voix.lang', l), lang);
    await page.goto('/login');
    const directory = page.getByTestId('login-mode-directory');
    await expect(directory).toBeVisible();
    await expectAccessible(page, `login with directory option (${lang})`);
    await directory.check();
    await expect(page.locator('#login')).toBeVisible();
    await expect(page.locator('#email')).toHaveCount(0);
    await expectAccessible(page, `directory login form (${lang})`);
  });
}

test('the directory form posts the login name to the directory endpoint', async ({ page }) => {
  await page.goto('/login');
  // Keyboard: the radio group is reachable and switches with the arrow keys.
  await page.locator('#login-mode-resident').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('login-mode-directory')).toBeChecked();
  await page.locator('#login').fill('amartin');
  await page.locator('#password').fill('not checked here');
  const request = page.waitForRequest('**/api/v1/auth/directory-login');
  await page.getByTestId('login-submit').click();
  const sent = await request;
  expect(sent.postDataJSON()).toMatchObject({ login: 'amartin', password: 'not checked here' });
  // This e2e server has no directory configured: the route answers 404 and the page says so.
  await expect(page.locator('#login-errors')).toBeVisible();
});
