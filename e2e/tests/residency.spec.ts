// Residency verification in the browser: an administrator (created with the CLI, enrolling
// their second factor at first sign-in) imports the census — a faulty file first, whose refused
// rows are listed in an accessible table, then a Windows-1252 file as French Excel saves it —
// and a resident who registered on the site verifies their residency against it.
import { expect, test, type Page } from '@playwright/test';
import { base32Decode, createUser, expectAccessible, linkFromMail, shoot, signIn, totp, uniqueEmail } from './support';

const PASSWORD = 'une phrase de passe solide';
const suffix = `${Date.now() % 100000}`;
const SHOTS = '/tmp/voix-shots6';

/** Signs an administrator in for the first time: enrols the second factor, lands on /account. */
async function adminSignIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/account\/security$/);
  const secret = base32Decode((await page.getByTestId('totp-secret').textContent()) ?? '');
  await page.locator('#totp_confirm_code').fill(totp(secret, Date.now() / 1000));
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('recovery-codes')).toBeVisible();
  await page.getByTestId('totp-continue').click();
  await expect(page).toHaveURL(/\/account$/);
}

test('an administrator imports the census and a resident verifies their residency', async ({ page, browser }) => {
  const lastName = `Lefèvre-${suffix}`;
  const adminEmail = uniqueEmail('admin');
  createUser(adminEmail, 'admin', PASSWORD);
  await adminSignIn(page, adminEmail);
  // The menu leads administrators to the census and staff to the residency page.
  await expect(page.getByTestId('nav-census')).toHaveAttribute('href', '/admin/census');
  await expect(page.getByTestId('nav-residency')).toHaveAttribute('href', '/admin/residency');
  await page.getByTestId('admin-census-link').click();
  await expect(page).toHaveURL(/\/admin\/census$/);
  await expect(page.getByTestId('census-summary')).toBeVisible();
  await expectAccessible(page, '/admin/census');

  // A faulty file: nothing is imported, every refused row is listed.
  const faulty = 'nom;prenom;date_naissance;reference;adresse;quartier\n' +
    'Durand;Paul;31/02/1990;D-1;1 rue;Nord\n' +
    'Petit;Zoé;01/01/1980;D-1;2 rue;Sud\n';
  await page.locator('#census_file').setInputFiles({ name: 'faux.csv', mimeType: 'text/csv', buffer: Buffer.from(faulty, 'utf8') });
  await page.getByTestId('census-submit').click();
  const report = page.getByTestId('census-rejected');
  await expect(report).toBeVisible();
  await expect(page.locator('#census-rejected-title')).toBeFocused();
  await expect(report.locator('caption')).toHaveText('Lignes refusées');
  await expect(report.locator('tbody tr')).toHaveCount(2);
  await expect(report.locator('tbody tr').first().locator('th')).toHaveText('2');
  await expect(report.locator('tbody tr').nth(1)).toContainText('ligne 2');
  await expectAccessible(page, '/admin/census (refused rows)');

  // The census as French Excel saves it: Windows-1252, semicolons, CRLF.
  const census = 'Nom;Prénom;Date de naissance;Référence;Adresse;Quartier\r\n' +
    `${lastName};Zoé;14/07/1985;E2E-${suffix};3 allée des Tilleuls;Les Prés\r\n` +
    `Martin-${suffix};Jean;;E2E-B-${suffix};2 place du Marché;Centre\r\n`;
  await page.locator('#census_file').setInputFiles({ name: 'recensement.csv', mimeType: 'text/csv', buffer: Buffer.from(census, 'latin1') });
  await page.getByTestId('census-submit').click();
  await expect(page.getByTestId('census-imported')).toContainText('2');
  await expect(page.getByTestId('census-rejected')).toHaveCount(0);
  await expect(page.getByTestId('census-summary')).toContainText('recensement.csv');

  // A resident registers in another browser.
  const context = await browser.newContext();
  const resident = await context.newPage();
  const email = uniqueEmail('habitant');
  await resident.goto('/register');
  await resident.locator('#display_name').fill('Zoé Test');
  await resident.locator('#email').fill(email);
  await resident.locator('#password').fill(PASSWORD);
  await resident.getByTestId('register-submit').click();
  await expect(resident).toHaveURL(/\/check-email$/);
  await resident.goto(await linkFromMail(email, 'verify-email'));
  await expect(resident.getByTestId('verify-success')).toBeVisible();
  await resident.goto('/login');
  await resident.locator('#email').fill(email);
  await resident.locator('#password').fill(PASSWORD);
  await resident.getByTestId('login-submit').click();
  await expect(resident).toHaveURL(/\/account$/);
  await expect(resident.getByTestId('account-residency-status')).toContainText('pas vérifiée');
  await resident.getByTestId('account-residency-link').click();
  await expect(resident).toHaveURL(/\/account\/residency$/);
  await expect(resident.getByTestId('residency-status')).toContainText('pas vérifiée');
  await expectAccessible(resident, '/account/residency');

  // Missing details are announced; then wrong details; then the right ones, typed differently.
  await resident.getByTestId('residency-submit').click();
  await expect(resident.locator('#residency-errors')).toBeFocused();
  await expect(resident.locator('#last_name')).toHaveAttribute('aria-invalid', 'true');
  await expect(resident.locator('#birth_date')).toHaveAttribute('aria-invalid', 'true');
  await resident.locator('#last_name').fill(`LEFEVRE ${suffix}`);
  await resident.locator('#first_name').fill('zoe');
  await resident.locator('#birth_date').fill('15/07/1985');
  await resident.getByTestId('residency-submit').click();
  await expect(resident.locator('#residency-errors')).toContainText('Aucune inscription');
  await expectAccessible(resident, '/account/residency (not found)');
  await resident.locator('#birth_date').fill('14/07/1985');
  await resident.getByTestId('residency-submit').click();
  await expect(resident.getByTestId('residency-status')).toContainText('Résidence vérifiée, quartier : Les Prés');
  await expect(resident.locator('#residency-status-title')).toBeFocused();
  await expect(resident.getByTestId('residency-form')).toHaveCount(0);
  await expectAccessible(resident, '/account/residency (verified)');

  await resident.goto('/account');
  await expect(resident.getByTestId('account-residency-status')).toContainText('quartier : Les Prés');
  await context.close();
});

test('a resident is told before the request form that filing needs a verified residency, and comes back to it', async ({ page }) => {
  // Jean Martin is in the census the previous test imported.
  const email = uniqueEmail('martin');
  createUser(email, 'resident', PASSWORD);
  await signIn(page, email, PASSWORD);
  await page.goto('/requests/new');
  const notice = page.getByTestId('residency-first');
  await expect(notice).toContainText('justifier de votre résidence');
  await expect(page.locator('#category')).toHaveCount(0);
  await expectAccessible(page, '/requests/new (residency first)');
  await shoot(page, SHOTS, 'residency-first');
  await page.getByTestId('lang-en').click();
  await expect(notice).toContainText('verify that you live in the town');
  await shoot(page, SHOTS, 'residency-first-en');
  await page.getByTestId('lang-fr').click();
  await expect(notice).toContainText('justifier de votre résidence');
  await page.getByTestId('residency-first-link').click();
  await expect(page).toHaveURL(/\/account\/residency\?for=filing$/);
  await expect(page.getByTestId('residency-reason')).toContainText('Pour signaler un problème');
  await expectAccessible(page, '/account/residency?for=filing');
  await shoot(page, SHOTS, 'residency-for-filing');
  await page.locator('#last_name').fill(`martin-${suffix}`);
  await page.locator('#first_name').fill('Jean');
  await page.locator('#reference').fill(`e2e-b-${suffix}`);
  await page.getByTestId('residency-submit').click();
  await expect(page.getByTestId('residency-status')).toContainText('quartier : Centre');
  await shoot(page, SHOTS, 'residency-verified-for-filing');
  await page.getByTestId('residency-back-to-filing').click();
  await expect(page).toHaveURL(/\/requests\/new$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('residency-first')).toHaveCount(0);
});
