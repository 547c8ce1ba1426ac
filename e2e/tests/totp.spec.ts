// The second factor in the browser: a staff account (created with `voix admin create-user`,
// as a town hall does) is sent to enrolment at its first sign-in, reads the secret from the
// page, confirms with a code computed here (RFC 6238), sees its recovery codes, and signs in
// again with a fresh code. The enrolment page passes an axe-core scan.
import { expect, test, type Page } from '@playwright/test';
import { base32Decode, createUser, expectAccessible, totp, uniqueEmail } from './support';

const PASSWORD = 'une phrase de passe pour agent';

const now = (): number => Date.now() / 1000;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

test('staff enrol at first sign-in, then sign in with a code or a recovery code', async ({ page }) => {
  const email = uniqueEmail('agent');
  createUser(email, 'staff', PASSWORD);

  // First sign-in: the password is enough, but the session leads to enrolment only.
  await signIn(page, email);
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(page.getByTestId('totp-required-notice')).toBeVisible();
  const secretText = (await page.getByTestId('totp-secret').textContent()) ?? '';
  expect(secretText.trim()).toMatch(/^[A-Z2-7]{32}$/);
  const qr = page.getByTestId('totp-qr');
  await expect(qr).toHaveAttribute('role', 'img');
  await expect(qr).toHaveAttribute('aria-label', /.+/);
  await expect(qr.locator('svg')).toBeVisible();
  await expect(page.locator('#totp_confirm_code')).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(page.locator('#totp_confirm_code')).toHaveAttribute('inputmode', 'numeric');
  await expectAccessible(page, '/account/security (enrolment)');

  // Other pages send back to enrolment.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/account\/security$/);
  const secret = base32Decode((await page.getByTestId('totp-secret').textContent()) ?? '');

  // A wrong code is refused and announced.
  const right = totp(secret, now());
  const wrong = ((Number(right) + 1) % 1_000_000).toString().padStart(6, '0');
  await page.locator('#totp_confirm_code').fill(wrong);
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('totp-confirm-errors')).toBeFocused();
  await expect(page.locator('#totp_confirm_code')).toHaveAttribute('aria-invalid', 'true');

  await page.locator('#totp_confirm_code').fill(totp(secret, now()));
  await page.getByTestId('totp-confirm').click();
  const codes = page.getByTestId('recovery-codes').locator('li');
  await expect(codes).toHaveCount(10);
  await expect(page.locator('#recovery-codes-title')).toBeFocused();
  const recovery = ((await codes.first().textContent()) ?? '').trim();
  expect(recovery).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  await expectAccessible(page, '/account/security (recovery codes)');
  await page.getByTestId('totp-continue').click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-totp-status')).toBeVisible();
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);

  // Sign in again: the password first, then the code the form now asks for. The confirming
  // code's time step is spent, so use the next one (the server accepts one step of drift).
  await signIn(page, email);
  const code = page.locator('#totp_code');
  await expect(code).toBeVisible();
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByTestId('totp-notice')).toBeVisible();
  await expectAccessible(page, '/login (code step)');
  await code.fill(totp(secret, now() + 30));
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/account$/);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);

  // A recovery code works instead.
  await signIn(page, email);
  await expect(page.locator('#totp_code')).toBeFocused();
  await page.getByTestId('use-recovery-code').click();
  await expect(page.locator('#recovery_code')).toBeFocused();
  await page.locator('#recovery_code').fill(recovery);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/account$/);
});
