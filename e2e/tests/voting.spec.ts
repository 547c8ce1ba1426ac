// Voting end to end in the browser: staff set up a two-question consultation with the server's
// key and an uploaded voter list of three residents (API), freeze and open it; each resident
// reads the voting code from the credential mail, signs in and votes on /consultations/:id/vote
// (the ballot is encrypted by `protocol` compiled to wasm): one from the mail link's
// `#credential=` fragment after a failed validation, one with the keyboard only, one in
// English who votes then revotes with a blank vote. Each sees a signed receipt and finds the
// tracker on the bulletin board; a downloaded receipt passes the board's receipt check and a
// tampered one does not. Staff close and tally (API); the results page shows the counts, its
// CSV export is checked, and the archive downloaded from the board passes
// `belenios-tool election verify`. axe-core finds no WCAG 2.1 AA violation on the vote, board
// and results pages in French and English. Screenshots go to /tmp/voix-shots4/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  apiCall,
  createUser,
  expectAccessible,
  shoot,
  signIn,
  signInEnrollingTotp,
  uniqueEmail,
  waitForMail,
} from './support';

const PASSWORD = 'une phrase de passe solide';
const SHOTS = '/tmp/voix-shots4';
const suffix = `${Date.now() % 1_000_000}`;
const TITLE = `Budget participatif ${suffix}`;
const TITLE_EN = `Participatory budget ${suffix}`;
const CREDENTIAL = /\b[1-9A-HJ-NP-Za-km-z]{3}(?:-[1-9A-HJ-NP-Za-km-z]{3}){4}\b/;

function setup(): unknown {
  const now = Math.floor(Date.now() / 1000);
  return {
    title: { fr: TITLE, en: TITLE_EN },
    description: { fr: 'Choisissez les projets de la place.', en: 'Choose the square’s projects.' },
    // Opened a minute ago, so that ballots are accepted at once.
    opens_at: now - 60,
    closes_at: now + 7 * 86_400,
    questions: [
      {
        text: { fr: 'Faut-il piétonniser la place ?', en: 'Should the square be pedestrian?' },
        kind: 'single',
        blank_allowed: true,
        answers: [{ fr: 'Oui', en: 'Yes' }, { fr: 'Non', en: 'No' }],
      },
      {
        text: { fr: 'Quels équipements ?', en: 'Which amenities?' },
        kind: 'multiple',
        min: 1,
        max: 2,
        answers: [
          { fr: 'Bancs', en: 'Benches' },
          { fr: 'Arbres', en: 'Trees' },
          { fr: 'Fontaine', en: 'Fountain' },
        ],
      },
    ],
    eligibility: { kind: 'list' },
    trustees: { mode: 'server_single' },
  };
}

/** The voting code in the latest credential mail to `email`. */
async function credentialOf(email: string): Promise<string> {
  const text = await waitForMail(email, ['Votre code de vote', TITLE]);
  const m = text.match(CREDENTIAL);
  expect(m, `a voting code in the mail to ${email}`).toBeTruthy();
  return m![0];
}

async function voterPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  return page;
}

/** Presses Tab until the focused element matches `selector` (keyboard-only navigation). */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Casts the filled form and returns the receipt's tracker. */
async function castAndReadReceipt(page: Page): Promise<string> {
  await page.getByTestId('vote-submit').click();
  return readReceipt(page);
}

async function readReceipt(page: Page): Promise<string> {
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#receipt-title')).toBeFocused();
  const tracker = (await page.getByTestId('receipt-tracker').textContent())!.trim();
  expect(tracker).toMatch(/^[A-Za-z0-9+/]{43}$/);
  await expect(page.getByTestId('receipt-signature')).not.toBeEmpty();
  await expect(page.getByTestId('receipt-fingerprint')).not.toBeEmpty();
  return tracker;
}

/** On the board page: searches `tracker` and expects it found (and counted or replaced). */
async function findOnBoard(page: Page, tracker: string, counted: boolean): Promise<void> {
  await page.locator('#tracker').fill(tracker);
  await page.getByTestId('tracker-submit').click();
  const result = page.getByTestId('tracker-result');
  await expect(result).toHaveAttribute('data-found', 'true');
  await expect(page.locator('tr.board__row--found')).toContainText(tracker);
  const lang = await page.locator('html').getAttribute('lang');
  const expected = counted ? (lang === 'en' ? 'it counts' : 'il compte') : lang === 'en' ? 'replaced it' : 'l’a remplacé';
  await expect(result).toContainText(expected);
}

test('residents vote in the browser, find their ballots on the board, and read the verified results', async ({ browser }) => {
  test.setTimeout(300_000);
  const staffEmail = uniqueEmail('agent-vote');
  createUser(staffEmail, 'staff', PASSWORD);
  const voters = [1, 2, 3].map((i) => uniqueEmail(`votant${i}`));
  for (const email of voters) createUser(email, 'resident', PASSWORD);

  const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const staff = await staffContext.newPage();
  await signInEnrollingTotp(staff, staffEmail, PASSWORD);
  const created = (await apiCall(staff, 'POST', '/api/v1/staff/consultations', setup())) as { id: string; election_uuid: string };
  const { id, election_uuid: uuid } = created;
  const csv = `email;weight\n${voters.map((v) => `${v};1`).join('\n')}\n`;
  const uploaded = await staff.request.fetch(`/api/v1/staff/consultations/${id}/voters`, {
    method: 'PUT',
    data: csv,
    headers: { Origin: new URL(staff.url()).origin, 'Content-Type': 'text/csv' },
  });
  expect(uploaded.ok(), await uploaded.text()).toBeTruthy();
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${id}/key-ceremony`);
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${id}/open`);
  const credentials = await Promise.all(voters.map(credentialOf));

  // Anonymous visitors are asked to sign in first.
  const publicContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await publicContext.newPage();
  // The home page says that a consultation is open, and leads to them.
  await page.goto('/');
  await expect(page.getByTestId('home-open-consultations')).toHaveText(/^\d+ consultations? (est|sont) ouvertes? au vote\.$/);
  await page.getByTestId('home-consultations').click();
  await expect(page).toHaveURL(/\/consultations$/);
  await expect(page.getByRole('link', { name: TITLE })).toBeVisible();
  await page.goto('/');
  await shoot(page, SHOTS, 'home-open-fr');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('home-open-consultations')).toHaveText(/^\d+ consultations? (is|are) open for voting\.$/);
  await shoot(page, SHOTS, 'home-open-en');
  await page.getByTestId('lang-fr').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.goto(`/consultations/${id}/vote`);
  await expect(page.getByTestId('vote-sign-in')).toContainText('Connectez-vous pour voter.');
  await expect(page.getByTestId('vote-form')).toHaveCount(0);

  // ---- Voter 1: from the mail link (credential in the fragment), after a failed validation.
  const v1 = await voterPage(browser, voters[0]);
  await v1.goto(`/consultations/${id}/vote#credential=${credentials[0]}`);
  await expect(v1.getByRole('heading', { level: 1 })).toHaveText(`Voter — ${TITLE}`);
  await expect(v1.locator('#credential')).toHaveValue(credentials[0]);
  // The code does not stay in the address bar.
  expect(new URL(v1.url()).hash).toBe('');
  await expect(v1.getByTestId('vote-question')).toHaveCount(2);
  await expectAccessible(v1, 'vote (fr)');
  await shoot(v1, SHOTS, 'vote');
  // Nothing chosen, then three answers where two at most are allowed.
  await v1.getByTestId('vote-submit').click();
  const summary = v1.getByTestId('vote-errors');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('listitem')).toHaveCount(2);
  await expect(summary).toContainText('Question 1\u00a0: choisissez une réponse.');
  await v1.getByLabel('Oui').check();
  for (const a of ['Bancs', 'Arbres', 'Fontaine']) await v1.getByLabel(a).check();
  await expect(v1.getByTestId('vote-count')).toContainText('3 (au plus 2)');
  await v1.getByTestId('vote-submit').click();
  await expect(summary.getByRole('listitem')).toHaveCount(1);
  await expect(summary).toContainText('Question 2\u00a0: choisissez au plus 2\u00a0réponses.');
  await expectAccessible(v1, 'vote with errors (fr)');
  await shoot(v1, SHOTS, 'vote-errors');
  // The error links to the question's first answer.
  await summary.getByRole('link').click();
  await expect(v1.locator('#q1-a0')).toBeFocused();
  await v1.getByLabel('Fontaine').uncheck();
  const tracker1 = await castAndReadReceipt(v1);
  await expectAccessible(v1, 'receipt (fr)');
  await shoot(v1, SHOTS, 'receipt');
  const download = v1.waitForEvent('download');
  await v1.getByTestId('receipt-download').click();
  const receiptFile = join(mkdtempSync(join(tmpdir(), 'voix-receipt-')), 'recu.json');
  await (await download).saveAs(receiptFile);
  const receipt = JSON.parse(readFileSync(receiptFile, 'utf8'));
  expect(receipt.tracker).toBe(tracker1);
  await expect(v1.getByTestId('receipt-saved')).toBeVisible();
  // The receipt mail confirms the vote but leaves the tracker out (nothing stored may tie the
  // address to the ballot).
  const receiptMail = await waitForMail(voters[0], ['Bulletin enregistré']);
  expect(receiptMail).not.toContain(tracker1);

  // On the board: the tracker is found, the downloaded receipt verifies, a tampered one not.
  await v1.getByTestId('receipt-board-link').click();
  await expect(v1.getByRole('heading', { level: 1 })).toHaveText(`Urne publique — ${TITLE}`);
  await expect(v1.getByTestId('board-ballots')).toHaveText('1');
  await findOnBoard(v1, tracker1, true);
  await v1.getByTestId('receipt-file').setInputFiles(receiptFile);
  await expect(v1.locator('#receipt')).toHaveValue(/"tracker"/);
  await v1.getByTestId('receipt-submit').click();
  for (const t of ['check-election', 'check-signature', 'check-board']) {
    await expect(v1.getByTestId(t)).toHaveAttribute('data-ok', 'true');
  }
  await expectAccessible(v1, 'board (fr)');
  await shoot(v1, SHOTS, 'board');
  await v1.locator('#receipt').fill(JSON.stringify({ ...receipt, time: receipt.time + 1 }));
  await v1.getByTestId('receipt-submit').click();
  await expect(v1.getByTestId('check-signature')).toHaveAttribute('data-ok', 'false');
  await v1.locator('#tracker').fill('pas-un-numero');
  await v1.getByTestId('tracker-submit').click();
  await expect(v1.getByTestId('tracker-result')).toHaveAttribute('data-found', 'false');

  // A resident who is not on the voter list is told so, in the interface's language.
  const outsiderEmail = uniqueEmail('non-inscrit');
  createUser(outsiderEmail, 'resident', PASSWORD);
  const outsider = await voterPage(browser, outsiderEmail);
  await outsider.goto(`/consultations/${id}/vote`);
  await outsider.locator('#credential').fill(credentials[0]);
  await outsider.getByLabel('Non').check();
  await outsider.getByLabel('Arbres').check();
  await outsider.getByTestId('vote-submit').click();
  await expect(outsider.getByTestId('vote-errors')).toContainText('ne figure pas parmi les votants', { timeout: 60_000 });
  await expect(outsider.getByTestId('receipt')).toHaveCount(0);
  await outsider.getByTestId('lang-en').click();
  await expect(outsider.getByTestId('vote-errors')).toContainText('is not among this consultation’s voters');
  await outsider.context().close();

  // ---- Voter 2: keyboard only, from the consultation's page.
  const v2 = await voterPage(browser, voters[1]);
  await v2.goto(`/consultations/${id}`);
  await expect(v2.getByTestId('consultation-vote-link')).toBeVisible();
  await tabTo(v2, '[data-testid="consultation-vote-link"]');
  await v2.keyboard.press('Enter');
  await expect(v2).toHaveURL(new RegExp(`/consultations/${id}/vote$`));
  await expect(v2.locator('#credential')).toHaveValue('');
  await tabTo(v2, '#credential');
  await v2.keyboard.type(credentials[1]);
  await tabTo(v2, '#q0-a0');
  await v2.keyboard.press('Space'); // Oui
  await tabTo(v2, '#q1-a0');
  await v2.keyboard.press('Space'); // Bancs
  await tabTo(v2, '#q1-a2');
  await v2.keyboard.press('Space'); // Fontaine
  await tabTo(v2, '[data-testid="vote-submit"]');
  await v2.keyboard.press('Enter');
  const tracker2 = await readReceipt(v2);
  await tabTo(v2, '[data-testid="receipt-board-link"]');
  await v2.keyboard.press('Enter');
  await tabTo(v2, '#tracker');
  await v2.keyboard.type(tracker2);
  await v2.keyboard.press('Enter');
  await expect(v2.getByTestId('tracker-result')).toHaveAttribute('data-found', 'true');

  // ---- Voter 3: in English; votes, then revotes with a blank vote on the first question.
  const v3 = await voterPage(browser, voters[2]);
  await v3.goto(`/consultations/${id}/vote`);
  await v3.getByTestId('lang-en').click();
  await expect(v3.getByRole('heading', { level: 1 })).toHaveText(`Vote — ${TITLE_EN}`);
  await v3.locator('#credential').fill(credentials[2].replace(/-/g, ''));
  await v3.getByLabel('No', { exact: true }).check();
  await v3.getByLabel('Fountain').check();
  await expectAccessible(v3, 'vote (en)');
  const first3 = await castAndReadReceipt(v3);
  await expectAccessible(v3, 'receipt (en)');
  await v3.getByTestId('vote-again').click();
  await expect(v3.locator('#vote-again-title')).toBeFocused();
  await expect(v3.locator('#credential')).toHaveValue(credentials[2].replace(/-/g, ''));
  await v3.getByLabel('Blank vote').check();
  await v3.getByLabel('Benches').check();
  const tracker3 = await castAndReadReceipt(v3);
  expect(tracker3).not.toBe(first3);
  await v3.getByTestId('receipt-board-link').click();
  await expect(v3.getByRole('heading', { level: 1 })).toHaveText(`Public ballot box — ${TITLE_EN}`);
  await expect(v3.getByTestId('board-ballots')).toHaveText('4');
  await expect(v3.getByTestId('board-voters')).toHaveText('3');
  await expect(v3.getByTestId('board-row')).toHaveCount(4);
  await findOnBoard(v3, tracker3, true);
  await findOnBoard(v3, first3, false);
  await expectAccessible(v3, 'board (en)');
  await shoot(v3, SHOTS, 'board-en');

  // Before publication, the results page says so.
  await v3.goto(`/consultations/${id}/results`);
  await expect(v3.getByTestId('results-not-published')).toContainText('not published yet');

  // ---- Staff close and tally; the results are published.
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${id}/close`);
  await apiCall(staff, 'POST', `/api/v1/staff/consultations/${id}/tally`);

  await page.goto(`/consultations/${id}`);
  await expect(page.getByTestId('consultation-vote-link')).toHaveCount(0);
  await page.getByTestId('consultation-results-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Résultats — ${TITLE}`);
  await expect(page.getByTestId('turnout-voted')).toHaveText('3');
  await expect(page.getByTestId('turnout-electorate')).toHaveText('3');
  await expect(page.getByTestId('turnout-rate')).toHaveText('100,0\u00a0%');
  const questions = page.getByTestId('result-question');
  await expect(questions).toHaveCount(2);
  const counts = async (i: number) => questions.nth(i).getByTestId('result-count').allTextContents();
  // Question 1: Oui, Non, blank. Question 2: Bancs, Arbres, Fontaine.
  expect(await counts(0)).toEqual(['2', '0', '1']);
  expect(await counts(1)).toEqual(['3', '1', '1']);
  await expect(questions.nth(0).getByTestId('result-row').nth(2)).toContainText('Vote blanc');
  await expect(questions.nth(0).getByTestId('result-row').nth(0)).toContainText('66,7\u00a0%');
  await expect(questions.nth(0).getByTestId('result-chart')).toHaveAttribute('role', 'img');
  await expect(questions.nth(0).locator('desc')).toContainText('Oui\u00a0: 2\u00a0voix (66,7\u00a0%)');
  await expectAccessible(page, 'results (fr)');
  await shoot(page, SHOTS, 'results');
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('results-csv').click();
  const csvPath = join(mkdtempSync(join(tmpdir(), 'voix-csv-')), 'resultats.csv');
  await (await csvDownload).saveAs(csvPath);
  const csvText = readFileSync(csvPath, 'utf8');
  expect(csvText.startsWith('\ufeff')).toBeTruthy();
  const lines = csvText.slice(1).split('\r\n');
  expect(lines[0]).toBe('"Question";"Réponse";"Voix";"Part des votants"');
  expect(lines[1]).toBe('"Faut-il piétonniser la place ?";"Oui";2;66,7');
  expect(lines[3]).toBe('"Faut-il piétonniser la place ?";"Vote blanc";1;33,3');
  expect(lines[4]).toBe('"Quels équipements ?";"Bancs";3;100,0');

  await page.getByTestId('lang-en').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Results — ${TITLE_EN}`);
  await expect(questions.nth(0).getByTestId('result-row').nth(2)).toContainText('Blank vote');
  await expectAccessible(page, 'results (en)');

  // The archive, downloaded from the board page, passes belenios-tool.
  await page.getByTestId('results-board-link').click();
  await expect(page.getByTestId('board-ballots')).toHaveText('4');
  const archiveDownload = page.waitForEvent('download');
  await page.getByTestId('board-archive').click();
  const dir = mkdtempSync(join(tmpdir(), 'voix-bel-'));
  await (await archiveDownload).saveAs(join(dir, `${uuid}.bel`));
  const run = spawnSync('belenios-tool', ['election', 'verify', '--dir', dir], { encoding: 'utf8' });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  expect(run.status, `belenios-tool election verify: ${output}`).toBe(0);
  expect(output).toContain('all checks passed');
  writeFileSync(join(SHOTS, 'belenios-verify.txt'), output);

  await staffContext.close();
  await publicContext.close();
  for (const p of [v1, v2, v3]) await p.context().close();
});
