// The second town of the installation (`ville-b.localhost`, created by scripts/e2e.sh next to
// the default town; Chromium resolves any *.localhost name to loopback). A resident of town B
// registers, confirms from the mail, resets the password, files a request and votes from the
// credential mail — and every link of every mail they receive points at town B, where their
// tokens work, never at the default town.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createUser, mailTexts, signInEnrollingTotp, uniqueEmail, waitForMail } from './support';

const B = `http://ville-b.localhost:${process.env.VOIX_E2E_PORT ?? '8181'}`;
const PASSWORD = 'une phrase de passe solide';
const suffix = `${Date.now() % 1_000_000}`;
const TITLE = `Consultation de Secondville ${suffix}`;

/** Every absolute link in the mails to `to`. */
function linksTo(to: string): string[] {
  return mailTexts(to).flatMap((text) => text.match(/https?:\/\/[^\s<>"')]+/g) ?? []);
}

/** The latest link to `path` in a mail to `to`, whole (scheme, host and port included). */
async function fullLink(to: string, path: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const found = linksTo(to).filter((l) => l.includes(path));
    if (found.length) return found[found.length - 1];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} with a link to ${path}`);
}

/** An API call made by the page itself (Node's resolver, behind `page.request`, does not know
 * *.localhost names; the browser does), with its session and its own `Origin`. Fails the test
 * unless the answer is 2xx; returns the JSON answer (or null). */
async function call(page: Page, method: string, path: string, body?: unknown, type = 'application/json'): Promise<unknown> {
  const data = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
  const [status, text] = await page.evaluate(
    async ([m, p, d, t]) => {
      const r = await fetch(p, { method: m, body: d, headers: d === undefined ? {} : { 'Content-Type': t } });
      return [r.status, await r.text()] as [number, string];
    },
    [method, path, data, type] as [string, string, string | undefined, string],
  );
  expect(status >= 200 && status < 300, `${method} ${path}: ${status} ${text}`).toBeTruthy();
  return text ? JSON.parse(text) : null;
}

async function pageOnB(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: B, viewport: { width: 390, height: 844 } });
  return context.newPage();
}

test('a resident of the second town gets only links to their own town', async ({ browser }) => {
  test.setTimeout(240_000);
  const email = uniqueEmail('secondville');
  const resident = await pageOnB(browser);

  // Register on B; the confirmation link is B's, and works there.
  await resident.goto('/');
  await expect(resident.getByTestId('town-name')).toHaveText(/Secondville/);
  await resident.getByTestId('nav-register').click();
  await resident.locator('#display_name').fill('Claude Secondville');
  await resident.locator('#email').fill(email);
  await resident.locator('#password').fill(PASSWORD);
  await resident.getByTestId('register-submit').click();
  await expect(resident).toHaveURL(/\/check-email$/);
  const verify = await fullLink(email, '/verify-email?token=');
  expect(verify.startsWith(`${B}/verify-email?token=`), verify).toBeTruthy();
  await resident.goto(verify);
  await expect(resident.getByTestId('verify-success')).toBeVisible();

  // Reset the password from B's mail.
  const second = 'une autre phrase de passe';
  await resident.goto('/forgot-password');
  await resident.locator('#email').fill(email);
  await resident.getByTestId('forgot-submit').click();
  await expect(resident.getByTestId('forgot-sent')).toBeVisible();
  const reset = await fullLink(email, '/reset-password?token=');
  expect(reset.startsWith(`${B}/reset-password?token=`), reset).toBeTruthy();
  await resident.goto(reset);
  await resident.locator('#password').fill(second);
  await resident.getByTestId('reset-submit').click();
  await expect(resident).toHaveURL(/\/login$/);
  await resident.locator('#email').fill(email);
  await resident.locator('#password').fill(second);
  await resident.getByTestId('login-submit').click();
  await expect(resident).toHaveURL(/\/account$/);

  // B's staff: a category, the resident's residency verified at the desk.
  const staffEmail = uniqueEmail('agent-secondville');
  createUser(staffEmail, 'staff', PASSWORD, 'ville-b');
  const staff = await pageOnB(browser);
  await staff.setViewportSize({ width: 1280, height: 900 });
  await signInEnrollingTotp(staff, staffEmail, PASSWORD);
  await call(staff, 'POST', '/api/v1/staff/categories', {
    code: 'eclairage',
    group: 'Éclairage public',
    name: { fr: 'Lampadaire en panne', en: 'Broken streetlight' },
  });
  const { user_id: residentId } = (await call(staff, 'GET', `/api/v1/admin/residency?email=${encodeURIComponent(email)}`)) as {
    user_id: string;
  };
  await call(staff, 'POST', `/api/v1/admin/users/${residentId}/residency`, {
    district: 'Centre',
    reason: 'justificatif de domicile présenté au guichet',
  });

  // File a request on B; its confirmation links to B.
  await resident.goto('/requests/new');
  await resident.locator('#category').selectOption('eclairage');
  await resident.locator('#description').fill('Le lampadaire devant la mairie est éteint.');
  await resident.locator('#address').fill('1 place de la Mairie');
  await resident.getByTestId('new-request-submit').click();
  await expect(resident).toHaveURL(/\/requests\/\d{4}-\d{6}$/, { timeout: 30_000 });
  const number = (await resident.getByTestId('tracking-number').textContent())!.trim();
  const requestLink = await fullLink(email, `/requests/${number}`);
  expect(requestLink.startsWith(`${B}/requests/${number}`), requestLink).toBeTruthy();

  // A consultation of B: the credential mail's link opens B's voting page, code included.
  const now = Math.floor(Date.now() / 1000);
  const created = (await call(staff, 'POST', '/api/v1/staff/consultations', {
    title: { fr: TITLE, en: TITLE },
    description: { fr: 'Votez.', en: 'Vote.' },
    opens_at: now - 60,
    closes_at: now + 7 * 86_400,
    questions: [
      {
        text: { fr: 'Faut-il rénover la place ?', en: 'Should the square be renewed?' },
        kind: 'single',
        blank_allowed: false,
        answers: [{ fr: 'Oui', en: 'Yes' }, { fr: 'Non', en: 'No' }],
      },
    ],
    eligibility: { kind: 'list' },
    trustees: { mode: 'server_single' },
  })) as { id: string };
  await call(staff, 'PUT', `/api/v1/staff/consultations/${created.id}/voters`, `email;weight\n${email};1\n`, 'text/csv');
  await call(staff, 'POST', `/api/v1/staff/consultations/${created.id}/key-ceremony`, {});
  await call(staff, 'POST', `/api/v1/staff/consultations/${created.id}/open`, {});
  await waitForMail(email, ['Votre code de vote', TITLE]);
  const voteLink = await fullLink(email, `/consultations/${created.id}/vote#credential=`);
  expect(voteLink.startsWith(`${B}/consultations/${created.id}/vote#credential=`), voteLink).toBeTruthy();
  await resident.goto(voteLink);
  await expect(resident.getByRole('heading', { level: 1 })).toHaveText(`Voter — ${TITLE}`);
  await resident.getByLabel('Oui').check();
  await resident.getByTestId('vote-submit').click();
  await expect(resident.getByTestId('receipt')).toBeVisible({ timeout: 60_000 });
  await waitForMail(email, ['Bulletin enregistré', TITLE]);

  // Every link of every mail the resident received points at B.
  const links = linksTo(email);
  expect(links.length).toBeGreaterThanOrEqual(5);
  const elsewhere = links.filter((l) => !l.startsWith(`${B}/`));
  expect(elsewhere, 'links to another town').toEqual([]);
});
