// Consultations as the public reads them: staff set up a two-question consultation with three
// elected officials as trustees (threshold 2) through the API and freeze it; anyone then finds
// it on /consultations and reads its page (questions, rules, who may vote, who holds the keys),
// in French and in English, while a draft stays invisible. axe-core finds no WCAG 2.1 AA
// violation on either page. Screenshots at desktop and phone widths go to /tmp/voix-shots3/.
// A slow answer about a page the visitor has left never replaces the page they moved on to.
import { expect, test, type Page } from '@playwright/test';
import { apiCall, createUser, expectAccessible, shoot, signIn, signInEnrollingTotp, uniqueEmail } from './support';

const PASSWORD = 'une phrase de passe solide';
const SHOTS = '/tmp/voix-shots3';
const suffix = `${Date.now() % 1_000_000}`;
const TITLE = `Aménagement de la place du Marché ${suffix}`;
const DRAFT = `Brouillon interne ${suffix}`;

function setup(title: string, officials: string[]): unknown {
  const now = Math.floor(Date.now() / 1000);
  return {
    title: { fr: title, en: `Market square ${suffix}` },
    description: {
      fr: 'La commune envisage de rendre la place piétonne.\n\nDonnez votre avis.',
      en: 'The town considers making the square pedestrian.\n\nGive your opinion.',
    },
    opens_at: now + 86_400,
    closes_at: now + 15 * 86_400,
    questions: [
      {
        text: { fr: 'Faut-il rendre la place piétonne ?', en: 'Should the square be pedestrian?' },
        kind: 'single',
        blank_allowed: false,
        answers: [{ fr: 'Oui', en: 'Yes' }, { fr: 'Non', en: 'No' }],
      },
      {
        text: { fr: 'Quels aménagements souhaitez-vous ?', en: 'Which amenities do you want?' },
        kind: 'multiple',
        min: 1,
        max: 2,
        blank_allowed: true,
        answers: [
          { fr: 'Des arbres', en: 'Trees' },
          { fr: 'Des bancs', en: 'Benches' },
          { fr: 'Une fontaine', en: 'A fountain' },
        ],
      },
    ],
    eligibility: { kind: 'all_verified' },
    trustees: { mode: 'officials', officials, threshold: 2 },
  };
}

test('the public reads a frozen consultation, never a draft', async ({ browser }) => {
  const staffEmail = uniqueEmail('agent-consultation');
  createUser(staffEmail, 'staff', PASSWORD);
  const officialEmails = [1, 2, 3].map((i) => uniqueEmail(`elu${i}`));
  for (const email of officialEmails) createUser(email, 'official', PASSWORD);
  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffContext.newPage();
  await signInEnrollingTotp(staff, staffEmail, PASSWORD);

  const listed = await staff.request.get('/api/v1/staff/officials');
  expect(listed.ok()).toBeTruthy();
  const officials = ((await listed.json()) as { id: string; email: string }[])
    .filter((o) => officialEmails.includes(o.email))
    .map((o) => o.id);
  expect(officials).toHaveLength(3);
  const created = (await apiCall(staff, 'POST', '/api/v1/staff/consultations', setup(TITLE, officials))) as { id: string };
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${created.id}/key-ceremony`);
  await apiCall(staff, 'POST', '/api/v1/staff/consultations', setup(DRAFT, officials));

  const publicContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await publicContext.newPage();
  await page.goto('/');
  await page.getByTestId('nav-consultations').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consultations');
  const row = page.getByTestId('consultation-row').filter({ hasText: TITLE });
  await expect(row).toHaveCount(1);
  await expect(row.getByText('Préparation des clés')).toBeVisible();
  await expect(page.getByTestId('consultation-row').filter({ hasText: DRAFT })).toHaveCount(0);
  await expectAccessible(page, 'consultations (fr)');
  await shoot(page, SHOTS, 'consultations');

  await row.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(page).toHaveTitle(new RegExp(TITLE));
  const questions = page.getByTestId('consultation-question');
  await expect(questions).toHaveCount(2);
  await expect(questions.nth(0)).toContainText('Une seule réponse.');
  await expect(questions.nth(1)).toContainText('Choisissez de 1 à 2\u00a0réponses. Le vote blanc est possible.');
  await expect(questions.nth(1).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByTestId('consultation-trustees')).toContainText('au moins 2 des 3\u00a0élus garants');
  await expect(page.getByTestId('consultation-eligibility')).toContainText('résidence dans la commune est vérifiée');
  await expect(page.getByTestId('consultation-description').locator('p')).toHaveCount(2);
  await expectAccessible(page, 'consultation (fr)');
  await shoot(page, SHOTS, 'consultation');

  await page.getByTestId('lang-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Market square ${suffix}`);
  await expect(questions.nth(0)).toContainText('Should the square be pedestrian?');
  await expect(page.getByTestId('consultation-trustees')).toContainText('at least 2 of the 3 elected trustees');
  await expectAccessible(page, 'consultation (en)');

  // A draft is not found by the public, even with its address.
  const drafts = (await (await staff.request.get('/api/v1/consultations')).json()) as { id: string; title: { fr: string } }[];
  const draft = drafts.find((c) => c.title.fr === DRAFT);
  expect(draft).toBeTruthy();
  await page.goto(`/consultations/${draft!.id}`);
  await expect(page.getByTestId('consultation-error')).toContainText('does not exist or is not published yet');

  await staffContext.close();
  await publicContext.close();
});

test('a slow answer about the page left never replaces the page shown', async ({ browser }) => {
  const staffEmail = uniqueEmail('agent-course');
  createUser(staffEmail, 'staff', PASSWORD);
  const officialEmails = [1, 2].map((i) => uniqueEmail(`elu-course${i}`));
  for (const email of officialEmails) createUser(email, 'official', PASSWORD);
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signInEnrollingTotp(staff, staffEmail, PASSWORD);
  const officials = ((await (await staff.request.get('/api/v1/staff/officials')).json()) as { id: string; email: string }[])
    .filter((o) => officialEmails.includes(o.email))
    .map((o) => o.id);
  const title = `Course des réponses ${suffix}`;
  const created = (await apiCall(staff, 'POST', '/api/v1/staff/consultations', setup(title, officials))) as { id: string };
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${created.id}/key-ceremony`);

  const page = await (await browser.newContext()).newPage();
  // The answer about a consultation that does not exist comes a second and a half late.
  const missing = 'consultation-absente';
  await page.route(`**/api/v1/consultations/${missing}`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByTestId('nav-consultations')).toBeVisible();
  const late = page.waitForResponse((r) => r.url().endsWith(`/api/v1/consultations/${missing}`));
  // Two client-side navigations: the missing one, then at once the real one.
  for (const path of [`/consultations/${missing}`, `/consultations/${created.id}`]) {
    await page.evaluate((to) => {
      history.pushState({}, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  // Once the late answer has come and been read, the page still shows the last one asked for.
  expect((await late).status()).toBe(404);
  await page.waitForTimeout(300);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByTestId('consultation-error')).toHaveCount(0);
  await expect(page.getByTestId('consultation-question')).toHaveCount(2);
  await staffContext.close();
});

test('before the opening, a resident not yet verified is shown how to be counted in', async ({ browser }) => {
  // The first test's consultation is reserved to verified residents and still in its key
  // ceremony: the electorate is not drawn yet.
  const email = uniqueEmail('pas-encore');
  createUser(email, 'resident', PASSWORD);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  await page.goto('/consultations');
  await page.getByTestId('consultation-row').filter({ hasText: TITLE }).getByRole('link', { name: TITLE }).click();
  const link = page.getByTestId('consultation-verify-residency');
  await expect(link).toHaveText('Justifier de ma résidence');
  await expect(link).toHaveAttribute('href', '/account/residency?for=voting');
  await expectAccessible(page, 'consultation (unverified resident)');
  await shoot(page, SHOTS, 'consultation-verify-fr');
  await page.getByTestId('lang-en').click();
  await expect(link).toHaveText('Verify my residency');
  await shoot(page, SHOTS, 'consultation-verify-en');
  await link.click();
  await expect(page.getByTestId('residency-reason')).toContainText('open only to residents whose residency is verified');
  await shoot(page, SHOTS, 'residency-for-voting-en');
  await context.close();
});
