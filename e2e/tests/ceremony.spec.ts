// The officials' key ceremony in the SPA: three elected officials, each in their own browser
// context, create their key in the browser (downloaded as a file, caught with Playwright's
// download event), then send their shares and verification keys by giving that file back to
// the page. Staff open and close the consultation (nobody votes: an empty tally); two officials
// decrypt in their browsers and the result is published. axe-core finds no WCAG 2.1 AA
// violation on the trustee pages.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiCall, createUser, expectAccessible, signInEnrollingTotp, uniqueEmail } from './support';

const PASSWORD = 'une phrase de passe solide';
const suffix = `${Date.now() % 1_000_000}`;
const TITLE = `Budget des quartiers ${suffix}`;

function setup(officials: string[]): unknown {
  const now = Math.floor(Date.now() / 1000);
  return {
    title: { fr: TITLE, en: `Neighbourhood budget ${suffix}` },
    description: { fr: 'Votez.', en: 'Vote.' },
    opens_at: now - 60,
    closes_at: now + 7 * 86_400,
    questions: [
      {
        text: { fr: 'Faut-il un nouveau parc ?', en: 'Should there be a new park?' },
        kind: 'single',
        blank_allowed: false,
        answers: [{ fr: 'Oui', en: 'Yes' }, { fr: 'Non', en: 'No' }],
      },
    ],
    eligibility: { kind: 'list' },
    trustees: { mode: 'officials', officials, threshold: 2 },
  };
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signInEnrollingTotp(page, email, PASSWORD);
  return page;
}

/** Opens the official's page for the consultation from the header link and its list. */
async function openTask(page: Page, id: string): Promise<void> {
  await page.goto(`/trustee/${id}`);
  await expect(page.getByTestId('trustee-task')).toBeVisible();
}

/** Runs a step that needs the key file. */
async function keyStep(page: Page, id: string, keyPath: string, task: string): Promise<void> {
  await openTask(page, id);
  await expect(page.getByTestId('trustee-task')).toHaveAttribute('data-task', task);
  await page.getByTestId('trustee-key-input').setInputFiles(keyPath);
  await page.getByTestId('trustee-submit').click();
  await expect(page.getByTestId('trustee-task')).not.toHaveAttribute('data-task', task, { timeout: 60_000 });
  await expect(page.getByTestId('trustee-error')).toHaveCount(0);
}

test('three officials create the key and two decrypt, in their browsers', async ({ browser }) => {
  test.setTimeout(240_000);
  const staffEmail = uniqueEmail('agent-ceremonie');
  createUser(staffEmail, 'staff', PASSWORD);
  const officialEmails = [1, 2, 3].map((i) => uniqueEmail(`garant${i}`));
  for (const email of officialEmails) createUser(email, 'official', PASSWORD);
  const staff = await signedIn(browser, staffEmail);
  const listed = (await (await staff.request.get('/api/v1/staff/officials')).json()) as { id: string; email: string }[];
  const officialIds = officialEmails.map((e) => listed.find((o) => o.email === e)!.id);
  const created = (await apiCall(staff, 'POST', '/api/v1/staff/consultations', setup(officialIds))) as { id: string };
  const id = created.id;
  const uploaded = await staff.request.fetch(`/api/v1/staff/consultations/${id}/voters`, {
    method: 'PUT',
    data: `email;weight\n${uniqueEmail('votant')};1\n`,
    headers: { Origin: new URL(staff.url()).origin, 'Content-Type': 'text/csv' },
  });
  expect(uploaded.ok()).toBeTruthy();
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${id}/key-ceremony`);

  const officials: Page[] = [];
  for (const email of officialEmails) officials.push(await signedIn(browser, email));

  // The list, reached from the header's link.
  const first = officials[0];
  await first.getByTestId('nav-trustee').click();
  await expect(first.getByRole('heading', { level: 1 })).toHaveText('Mes clés de consultation');
  const row = first.getByTestId('trustee-row').filter({ hasText: TITLE });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('trustee-row-task')).toHaveText('Créer ma clé');
  await expectAccessible(first, '/trustee');
  await row.getByRole('link', { name: TITLE }).click();
  await expect(first.getByTestId('trustee-task')).toHaveAttribute('data-task', 'certificate');
  await expectAccessible(first, '/trustee/:id (certificate)');

  // Step 1: each key is created and downloaded in the browser; only the certificate is sent.
  const keys: string[] = [];
  for (const page of officials) {
    await openTask(page, id);
    const download = page.waitForEvent('download');
    await page.getByTestId('trustee-generate').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^voix-[1-9A-HJ-NP-Za-km-z]{14}-key-[123]\.key$/);
    const path = `${test.info().outputDir}/${file.suggestedFilename()}`;
    await file.saveAs(path);
    const seed = readFileSync(path, 'utf8').trim();
    expect(seed).toMatch(/^[1-9A-HJ-NP-Za-km-z]{22}$/);
    keys.push(path);
    await expect(page.getByTestId('trustee-downloaded')).toBeVisible();
    await page.getByTestId('trustee-send-cert').click();
    await expect(page.getByTestId('trustee-task')).not.toHaveAttribute('data-task', 'certificate');
  }
  // The step's page with its progress and the key-file form.
  await openTask(first, id);
  await expect(first.getByTestId('trustee-task')).toHaveAttribute('data-task', 'polynomial');
  await expect(first.getByTestId('trustee-step')).toContainText('Étape 2 sur 3');
  await expectAccessible(first, '/trustee/:id (key file)');

  // Steps 3 and 5 with the downloaded files.
  for (const task of ['polynomial', 'voutput']) {
    for (const [i, page] of officials.entries()) await keyStep(page, id, keys[i], task);
  }
  await openTask(officials[2], id);
  await expect(officials[2].getByTestId('trustee-task')).toHaveAttribute('data-task', 'done');
  await expect(officials[2].getByTestId('trustee-step')).toContainText('La clé de l’élection est prête');

  // Staff open with the officials' key, then close (nobody voted).
  const state = (await (await staff.request.get(`/api/v1/consultations/${id}/ceremony`)).json()) as { step: string };
  expect(state.step).toBe('done');
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${id}/open`);
  await openTask(officials[0], id);
  await expect(officials[0].getByTestId('trustee-task')).toHaveAttribute('data-task', 'wait');
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${id}/close`);

  // Two officials decrypt in their browsers; in English for the second one.
  await openTask(officials[0], id);
  await expect(officials[0].getByTestId('trustee-task')).toHaveAttribute('data-task', 'decrypt');
  await expectAccessible(officials[0], '/trustee/:id (decrypt)');
  await keyStep(officials[0], id, keys[0], 'decrypt');
  const notYet = await staff.request.get(`/api/v1/consultations/${id}/results`);
  expect(notYet.status()).toBe(409);
  await officials[2].getByTestId('lang-en').click();
  await keyStep(officials[2], id, keys[2], 'decrypt');
  await expect(officials[2].getByTestId('trustee-done')).toContainText('You are done');
  await expectAccessible(officials[2], '/trustee/:id (en, done)');

  const results = await staff.request.get(`/api/v1/consultations/${id}/results`);
  expect(results.status()).toBe(200);
  expect(((await results.json()) as { raw: string }).raw).toBe('{"result":[[0,0]]}');
  for (const page of [staff, ...officials]) await page.context().close();
});
