// The whole account flow in the browser, in French and in English: register, read the
// confirmation mail from the SMTP server, confirm, sign in, account page, sign out.
import { expect, test } from '@playwright/test';
import { createUser, expectAccessible, linkFromMail, uniqueEmail } from './support';

const texts = {
  fr: { html: 'fr', registerTitle: 'Créer un compte', loggedOutNav: 'Se connecter', resident: 'Habitant' },
  en: { html: 'en', registerTitle: 'Create an account', loggedOutNav: 'Sign in', resident: 'Resident' },
} as const;

for (const lang of ['fr', 'en'] as const) {
  test(`register, confirm, sign in and out (${lang})`, async ({ page }) => {
    const t = texts[lang];
    const email = uniqueEmail(`flow-${lang}`);
    const password = 'une phrase de passe solide';

    await page.goto('/');
    await expect(page.getByTestId('town-name')).toHaveText(/Testville/);
    if (lang === 'en') {
      await page.getByTestId('lang-en').click();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', t.html);
    await page.getByTestId('nav-register').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.registerTitle);

    await page.locator('#display_name').fill('Dominique Test');
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    await page.getByTestId('register-submit').click();
    await expect(page).toHaveURL(/\/check-email$/);
    await expect(page.getByTestId('check-email-text')).toBeVisible();

    // The mail came through the real SMTP server, in the chosen language.
    const link = await linkFromMail(email, 'verify-email');
    await page.goto(link);
    await expect(page.getByTestId('verify-success')).toBeVisible();
    await page.getByTestId('verify-go-login').click();

    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('account-email')).toHaveText(email);
    await expect(page.getByTestId('account-display-name')).toHaveText('Dominique Test');
    await expect(page.getByTestId('account-role')).toContainText(t.resident);
    await expectAccessible(page, `account (${lang})`);

    await page.getByTestId('logout').click();
    await expect(page.getByTestId('nav-login')).toHaveText(t.loggedOutNav);
    const me = await page.request.get('/api/v1/me');
    expect(me.status()).toBe(401);
  });
}

test('wrong password is announced and focus goes to the error summary', async ({ page }) => {
  await page.goto('/login');
  await page.locator('#email').fill('nobody@example.fr');
  await page.locator('#password').fill('not the right password');
  await page.getByTestId('login-submit').click();
  const summary = page.locator('#login-errors');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('incorrect');
  await expect(summary).toBeFocused();
});

test('the registration form works with the keyboard only', async ({ page }) => {
  const email = uniqueEmail('keyboard');
  await page.goto('/register');
  await page.locator('#display_name').focus();
  await page.keyboard.type('Clavier Seul');
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type('une phrase de passe au clavier');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/check-email$/);
  await linkFromMail(email, 'verify-email');
});

test('password reset through the emailed link', async ({ page }) => {
  const email = uniqueEmail('reset');
  const first = 'première phrase de passe';
  const second = 'seconde phrase de passe';
  await page.goto('/register');
  await page.locator('#display_name').fill('Réinitialisation');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(first);
  await page.getByTestId('register-submit').click();
  await expect(page).toHaveURL(/\/check-email$/);
  await page.goto(await linkFromMail(email, 'verify-email'));
  await expect(page.getByTestId('verify-success')).toBeVisible();

  await page.goto('/forgot-password');
  await page.locator('#email').fill(email);
  await page.getByTestId('forgot-submit').click();
  await expect(page.getByTestId('forgot-sent')).toBeVisible();
  await page.goto(await linkFromMail(email, 'reset-password'));
  await page.locator('#password').fill(second);
  await page.getByTestId('reset-submit').click();
  await expect(page).toHaveURL(/\/login$/);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(second);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/account$/);
});

test('a page that needs a session brings the visitor back after sign-in, never elsewhere', async ({ page }) => {
  const email = uniqueEmail('retour');
  const password = 'un mot de passe assez long';
  createUser(email, 'resident', password);
  await page.goto('/requests/mine');
  await expect(page).toHaveURL(/\/login\?next=\/requests\/mine$/);
  await expect(page.getByTestId('flash')).toHaveText('Connectez-vous pour accéder à cette page.');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  // Anchored: `/login?next=/requests/mine` also ends with the path.
  await expect(page).toHaveURL(/^http:\/\/[^/]+\/requests\/mine$/);
  await expect(page.getByTestId('my-requests-new')).toBeVisible();
  await page.goto('/account');
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  // `next` naming another site is ignored: the account page, as without it.
  await page.goto('/login?next=//evil.example/');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/^http:\/\/[^/]+\/account$/);
});
