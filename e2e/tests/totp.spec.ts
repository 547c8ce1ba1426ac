// The second factor in the browser: a staff account (created with `voix admin create-user`,
// as a town hall does) is sent to enrolment at its first sign-in, reads the secret from the
// page, confirms with a code computed here (RFC 6238), sees its recovery codes, and signs in
// again with a fresh code. The enrolment page passes an axe-core scan.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, uniqueEmail } from './support';

const work = process.env.VOIX_E2E_WORK ?? '/tmp/voix-e2e';
const bin = process.env.VOIX_BIN ?? '../target/debug/voix';
const PASSWORD = 'une phrase de passe pour agent';

/** Creates a confirmed account with the CLI, password on standard input. */
function createUser(email: string, role: string): void {
  const args = ['admin', 'create-user', '--data-dir', `${work}/data`, '--email', email, '--role', role];
  if (process.env.VOIX_E2E_DATABASE_URL) args.push('--database-url', process.env.VOIX_E2E_DATABASE_URL);
  execFileSync(bin, args, { input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** RFC 4648 base32 (no padding) to bytes. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30-second steps, at Unix time `seconds`. */
function totp(secret: Buffer, seconds: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return binary.toString().padStart(6, '0');
}

const now = (): number => Date.now() / 1000;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

test('staff enrol at first sign-in, then sign in with a code or a recovery code', async ({ page }) => {
  const email = uniqueEmail('agent');
  createUser(email, 'staff');

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
