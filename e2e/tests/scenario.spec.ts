// Issue #5's whole scenario, in Chromium, through the SPA only (the API is only read, to learn
// the officials' account ids and the credentials' mails): staff set up a two-question
// consultation in the staff pages (one single question with a blank vote, one multiple), three
// officials as key holders (threshold 2), and a voter list of three residents uploaded as a CSV
// file (after a refused file and its row-by-row report); freeze; the three officials create the
// key in their own browser contexts; staff open; the residents vote with the code from their
// mail link (one revotes, one votes blank on the first question, one uses the keyboard only)
// and find their trackers on the board; staff close; two officials decrypt; the results page
// shows the right counts; the archive passes `belenios-tool election verify`; axe-core finds no
// WCAG 2.1 AA violation on the staff pages in French and English. Screenshots: /tmp/voix-shots5/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  createUser,
  expectAccessible,
  shoot,
  signIn,
  signInEnrollingTotp,
  uniqueEmail,
  waitForMail,
} from './support';

const PASSWORD = 'une phrase de passe solide';
const SHOTS = '/tmp/voix-shots5';
const suffix = `${Date.now() % 1_000_000}`;
const TITLE = `Place du marché ${suffix}`;
const TITLE_EN = `Market square ${suffix}`;
const CREDENTIAL = /\b[1-9A-HJ-NP-Za-km-z]{3}(?:-[1-9A-HJ-NP-Za-km-z]{3}){4}\b/;

/** A `datetime-local` value in this machine's time zone (the browser's). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

async function context(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  return ctx.newPage();
}

async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Confirms a lifecycle action on the staff page. */
async function act(page: Page, action: string, status: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await expect(page.locator('#confirm-title')).toBeFocused();
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('consultation-status')).toHaveAttribute('data-status', status, { timeout: 60_000 });
  await expect(page.getByTestId('action-error')).toHaveCount(0);
}

async function trusteeStep(page: Page, id: string, keyPath: string, task: string): Promise<void> {
  await page.goto(`/trustee/${id}`);
  await expect(page.getByTestId('trustee-task')).toHaveAttribute('data-task', task);
  await page.getByTestId('trustee-key-input').setInputFiles(keyPath);
  await page.getByTestId('trustee-submit').click();
  await expect(page.getByTestId('trustee-task')).not.toHaveAttribute('data-task', task, { timeout: 60_000 });
  await expect(page.getByTestId('trustee-error')).toHaveCount(0);
}

async function readReceipt(page: Page): Promise<string> {
  await expect(page.getByTestId('receipt')).toBeVisible({ timeout: 60_000 });
  const tracker = (await page.getByTestId('receipt-tracker').textContent())!.trim();
  expect(tracker).toMatch(/^[A-Za-z0-9+/]{43}$/);
  return tracker;
}

async function findOnBoard(page: Page, id: string, tracker: string, counted: boolean): Promise<void> {
  await page.goto(`/consultations/${id}/board`);
  await page.locator('#tracker').fill(tracker);
  await page.getByTestId('tracker-submit').click();
  const result = page.getByTestId('tracker-result');
  await expect(result).toHaveAttribute('data-found', 'true');
  await expect(result).toContainText(counted ? 'il compte' : 'l’a remplacé');
}

test('staff set up a consultation in the SPA; officials hold the key; residents vote; verified results', async ({ browser }) => {
  test.setTimeout(480_000);
  const staffEmail = uniqueEmail('agent-scenario');
  createUser(staffEmail, 'staff', PASSWORD);
  const officialEmails = [1, 2, 3].map((i) => uniqueEmail(`elu${i}`));
  for (const email of officialEmails) createUser(email, 'official', PASSWORD);
  const voters = [1, 2, 3].map((i) => uniqueEmail(`habitant${i}`));
  for (const email of voters) createUser(email, 'resident', PASSWORD);

  const staff = await context(browser);
  await signInEnrollingTotp(staff, staffEmail, PASSWORD);
  const listed = (await (await staff.request.get('/api/v1/staff/officials')).json()) as { id: string; email: string }[];
  const officialIds = officialEmails.map((e) => listed.find((o) => o.email === e)!.id);

  // ---- The list, from the header's link, then the new consultation's form.
  await staff.getByTestId('nav-staff-consultations').click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText('Consultations (gestion)');
  await expectAccessible(staff, '/staff/consultations (fr)');
  await staff.getByTestId('new-consultation').click();
  await expect(staff).toHaveURL(/\/staff\/consultations\/new$/);
  await expect(staff.getByTestId('question')).toHaveCount(1);
  await expectAccessible(staff, '/staff/consultations/new (fr)');

  // Saving an empty form: the error summary takes focus and names the fields.
  await staff.getByTestId('consultation-save').click();
  const errors = staff.getByTestId('consultation-errors');
  await expect(errors).toBeFocused();
  await expect(errors).toContainText('Titre en français : à remplir.');
  await expect(errors).toContainText('Question 1, réponse 2 : texte en anglais à remplir.');
  await expect(errors).toContainText('Choisissez de 1 à 10 élus');
  await expectAccessible(staff, '/staff/consultations/new with errors (fr)');

  await staff.locator('#c-title-fr').fill(TITLE);
  await staff.locator('#c-title-en').fill(TITLE_EN);
  await staff.locator('#c-description-fr').fill('Que faire de la place du marché ?');
  await staff.locator('#c-description-en').fill('What should become of the market square?');
  await staff.locator('#c-opens').fill(localInput(Date.now() - 5 * 60_000));
  await staff.locator('#c-closes').fill(localInput(Date.now() + 7 * 86_400_000));

  const questions = staff.getByTestId('question');
  const q1 = questions.nth(0);
  await q1.locator('[id$="-text-fr"]').fill('Faut-il piétonniser la place ?');
  await q1.locator('[id$="-text-en"]').fill('Should the square be pedestrian?');
  await q1.locator('[id$="-blank"]').check();
  for (const [i, [fr, en]] of [['Oui', 'Yes'], ['Non', 'No']].entries()) {
    await q1.getByTestId('answer').nth(i).locator('[id$="-fr"]').fill(fr);
    await q1.getByTestId('answer').nth(i).locator('[id$="-en"]').fill(en);
  }
  await staff.getByTestId('add-question').click();
  await expect(questions).toHaveCount(2);
  const q2 = questions.nth(1);
  await expect(q2.locator('[id$="-text-fr"]')).toBeFocused();
  await q2.locator('[id$="-text-fr"]').fill('Quels équipements ?');
  await q2.locator('[id$="-text-en"]').fill('Which amenities?');
  await q2.locator('[id$="-kind"]').selectOption('multiple');
  await q2.getByTestId('add-answer').click();
  await expect(staff.getByTestId('questions-announce')).toHaveText('Réponse 3 ajoutée.');
  for (const [i, [fr, en]] of [['Bancs', 'Benches'], ['Arbres', 'Trees'], ['Fontaine', 'Fountain']].entries()) {
    await q2.getByTestId('answer').nth(i).locator('[id$="-fr"]').fill(fr);
    await q2.getByTestId('answer').nth(i).locator('[id$="-en"]').fill(en);
  }
  await q2.locator('[id$="-min"]').fill('1');
  await q2.locator('[id$="-max"]').fill('2');
  // A third question, moved up with the keyboard (focus stays on the button), then removed.
  await staff.getByTestId('add-question').click();
  await expect(questions).toHaveCount(3);
  await questions.nth(2).locator('[id$="-text-fr"]').fill('Temporaire');
  await questions.nth(2).getByTestId('question-up').focus();
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('questions-announce')).toHaveText('Question déplacée en position 2 sur 3.');
  await expect(questions.nth(1).locator('[id$="-text-fr"]')).toHaveValue('Temporaire');
  await expect(questions.nth(1).getByTestId('question-up')).toBeFocused();
  await questions.nth(1).getByTestId('question-remove').click();
  await expect(staff.getByTestId('questions-announce')).toHaveText('Question retirée.');
  await expect(questions).toHaveCount(2);
  await expect(questions.nth(1).locator('[id$="-text-fr"]')).toHaveValue('Quels équipements ?');

  await staff.locator('#elig-list').check();
  // The server-held key shows its warning; officials are the choice here.
  await staff.locator('#trustee-server').check();
  await expect(staff.getByTestId('server-single-warning')).toBeVisible();
  await staff.locator('#trustee-officials').check();
  await expect(staff.getByTestId('server-single-warning')).toHaveCount(0);
  for (const id of officialIds) await staff.locator(`#official-${id}`).check();
  await expect(staff.locator('#c-threshold')).toHaveValue('2');
  // Results by district: k defaults to 10; an impossible value is refused at its field.
  await expect(staff.locator('#c-breakdown')).toHaveValue('10');
  await staff.locator('#c-breakdown').fill('0');
  await staff.getByTestId('consultation-save').click();
  await expect(staff.locator('#c-breakdown-error')).toContainText('de 1 à 100 000');
  await expect(staff.locator('#c-breakdown')).toHaveAttribute('aria-invalid', 'true');
  await staff.locator('#c-breakdown').fill('5');
  await shoot(staff, SHOTS, 'staff-new');
  await staff.getByTestId('consultation-save').click();
  await expect(staff).toHaveURL(/\/staff\/consultations\/[0-9a-f-]{36}$/);
  await expect(staff.locator('#c-breakdown')).toHaveValue('5');
  const id = new URL(staff.url()).pathname.split('/').pop()!;
  await expect(staff.getByTestId('consultation-notice')).toContainText('Brouillon créé.');
  await expect(staff.getByTestId('consultation-status')).toHaveAttribute('data-status', 'draft');

  // ---- The voter list: a refused file and its report, then the right one.
  const dir = mkdtempSync(join(tmpdir(), 'voix-scenario-'));
  writeFileSync(join(dir, 'mauvais.csv'), `email;poids\n${voters[0]};1\npas-une-adresse;1\n${voters[0]};2\n`);
  writeFileSync(join(dir, 'electeurs.csv'), `email;poids\n${voters.map((v) => `${v};1`).join('\n')}\n`);
  await staff.locator('#voter-file').setInputFiles(join(dir, 'mauvais.csv'));
  await staff.getByTestId('voters-upload').click();
  const rejected = staff.getByTestId('voters-rejected');
  await expect(rejected).toBeVisible();
  await expect(rejected.locator('tbody tr')).toHaveCount(2);
  await expect(rejected.locator('tbody tr').first()).toContainText('3');
  await expectAccessible(staff, '/staff/consultations/:id refused list (fr)');
  await shoot(staff, SHOTS, 'staff-voters-refused');
  await staff.locator('#voter-file').setInputFiles(join(dir, 'electeurs.csv'));
  await staff.getByTestId('voters-upload').click();
  await expect(staff.getByTestId('voters-stored')).toContainText('3 électeurs');
  await expect(staff.getByTestId('voters-rejected')).toHaveCount(0);
  await expectAccessible(staff, '/staff/consultations/:id draft (fr)');
  await staff.getByTestId('lang-en').click();
  await expect(staff.getByTestId('action-freeze')).toHaveText('Freeze and start the key ceremony');
  await expectAccessible(staff, '/staff/consultations/:id draft (en)');
  await staff.goto('/staff/consultations');
  await expect(staff.getByTestId('staff-consultation-row').filter({ hasText: TITLE_EN })).toContainText('Draft');
  await expectAccessible(staff, '/staff/consultations (en)');
  await staff.getByTestId('lang-fr').click();

  // ---- Freeze: the set-up is frozen, the officials' progress shows.
  await staff.goto(`/staff/consultations/${id}`);
  await act(staff, 'freeze', 'key_ceremony');
  await expect(staff.getByTestId('frozen-notice')).toBeVisible();
  await expect(staff.getByTestId('ceremony-row')).toHaveCount(3);
  await expect(staff.getByTestId('ceremony-step')).toContainText('Étape 1 sur 3');
  await expect(staff.getByTestId('action-open')).toHaveCount(0);
  await expectAccessible(staff, '/staff/consultations/:id key ceremony (fr)');
  await shoot(staff, SHOTS, 'staff-ceremony');

  // ---- The key ceremony, each official in their own browser context.
  const officials: Page[] = [];
  for (const email of officialEmails) {
    const page = await context(browser);
    await signInEnrollingTotp(page, email, PASSWORD);
    officials.push(page);
  }
  const keys: string[] = [];
  for (const page of officials) {
    await page.goto(`/trustee/${id}`);
    await expect(page.getByTestId('trustee-task')).toHaveAttribute('data-task', 'certificate');
    const download = page.waitForEvent('download');
    await page.getByTestId('trustee-generate').click();
    const file = await download;
    const path = join(dir, file.suggestedFilename());
    await file.saveAs(path);
    keys.push(path);
    await page.getByTestId('trustee-send-cert').click();
    await expect(page.getByTestId('trustee-task')).not.toHaveAttribute('data-task', 'certificate');
  }
  await staff.getByTestId('ceremony-refresh').click();
  await expect(staff.getByTestId('ceremony-step')).toContainText('Étape 2 sur 3');
  for (const task of ['polynomial', 'voutput']) {
    for (const [i, page] of officials.entries()) await trusteeStep(page, id, keys[i], task);
  }

  // ---- Staff open voting once the key is ready.
  await staff.reload();
  await expect(staff.getByTestId('ceremony-step')).toContainText('La clé de l’élection est prête');
  await act(staff, 'open', 'open');
  await expect(staff.getByTestId('consultation-fingerprint')).not.toBeEmpty();
  await expect(staff.getByTestId('link-board')).toBeVisible();

  // ---- Residents vote with the code from their mail link.
  const link = async (email: string) => {
    const text = await waitForMail(email, ['Votre code de vote', TITLE]);
    const m = text.match(new RegExp(`/consultations/${id}/vote#credential=([1-9A-HJ-NP-Za-km-z-]+)`));
    if (m) return `/consultations/${id}/vote#credential=${m[1]}`;
    const code = text.match(CREDENTIAL);
    expect(code, `a voting code in the mail to ${email}`).toBeTruthy();
    return `/consultations/${id}/vote#credential=${code![0]}`;
  };
  const links = await Promise.all(voters.map(link));

  // Voter 1: Oui + Bancs, Arbres; then revotes Non + Arbres.
  const v1 = await context(browser);
  await signIn(v1, voters[0], PASSWORD);
  await v1.goto(links[0]);
  await expect(v1.getByTestId('vote-question')).toHaveCount(2);
  await v1.getByLabel('Oui').check();
  await v1.getByLabel('Bancs').check();
  await v1.getByLabel('Arbres').check();
  await v1.getByTestId('vote-submit').click();
  const first1 = await readReceipt(v1);
  await v1.getByTestId('vote-again').click();
  await v1.getByLabel('Non').check();
  await v1.getByLabel('Arbres').check();
  await v1.getByTestId('vote-submit').click();
  const tracker1 = await readReceipt(v1);
  expect(tracker1).not.toBe(first1);

  // Voter 2: keyboard only. Oui + Bancs, Fontaine.
  const v2 = await context(browser);
  await signIn(v2, voters[1], PASSWORD);
  await v2.goto(links[1]);
  await expect(v2.getByTestId('vote-question')).toHaveCount(2);
  await tabTo(v2, '#q0-a0');
  await v2.keyboard.press('Space');
  await tabTo(v2, '#q1-a0');
  await v2.keyboard.press('Space');
  await tabTo(v2, '#q1-a2');
  await v2.keyboard.press('Space');
  await tabTo(v2, '[data-testid="vote-submit"]');
  await v2.keyboard.press('Enter');
  const tracker2 = await readReceipt(v2);

  // Voter 3: blank on the first question, Bancs.
  const v3 = await context(browser);
  await signIn(v3, voters[2], PASSWORD);
  await v3.goto(links[2]);
  await expect(v3.getByTestId('vote-question')).toHaveCount(2);
  await v3.getByLabel('Vote blanc').check();
  await v3.getByLabel('Bancs').check();
  await v3.getByTestId('vote-submit').click();
  const tracker3 = await readReceipt(v3);

  // Each finds their tracker on the board.
  await findOnBoard(v1, id, tracker1, true);
  await findOnBoard(v1, id, first1, false);
  await findOnBoard(v2, id, tracker2, true);
  await findOnBoard(v3, id, tracker3, true);

  // ---- Staff close; two officials decrypt; the result is published.
  await staff.reload();
  await expect(staff.getByTestId('consultation-status')).toHaveAttribute('data-status', 'open');
  await expectAccessible(staff, '/staff/consultations/:id open (fr)');
  await shoot(staff, SHOTS, 'staff-open');
  await act(staff, 'close', 'closed');
  await expect(staff.getByTestId('decryptions')).toContainText('Déchiffrements reçus : 0 (il en faut 2).');
  await trusteeStep(officials[0], id, keys[0], 'decrypt');
  await trusteeStep(officials[2], id, keys[2], 'decrypt');
  await staff.reload();
  await expect(staff.getByTestId('consultation-status')).toHaveAttribute('data-status', 'published', { timeout: 60_000 });
  await staff.getByTestId('lang-en').click();
  await expectAccessible(staff, '/staff/consultations/:id published (en)');
  await shoot(staff, SHOTS, 'staff-published-en');
  await staff.getByTestId('lang-fr').click();
  await staff.getByTestId('link-results').click();
  await expect(staff.getByRole('heading', { level: 1 })).toHaveText(`Résultats — ${TITLE}`);
  await expect(staff.getByTestId('turnout-voted')).toHaveText('3');
  const results = staff.getByTestId('result-question');
  await expect(results).toHaveCount(2);
  const counts = async (i: number) => results.nth(i).getByTestId('result-count').allTextContents();
  // Question 1: Oui, Non, blank. Question 2: Bancs, Arbres, Fontaine.
  expect(await counts(0)).toEqual(['1', '1', '1']);
  expect(await counts(1)).toEqual(['2', '1', '1']);
  await shoot(staff, SHOTS, 'results');

  // ---- The archive passes belenios-tool.
  const uuid = ((await (await staff.request.get(`/api/v1/consultations/${id}`)).json()) as { election_uuid: string }).election_uuid;
  await staff.goto(`/consultations/${id}/board`);
  const archive = staff.waitForEvent('download');
  await staff.getByTestId('board-archive').click();
  const belDir = mkdtempSync(join(tmpdir(), 'voix-bel-'));
  await (await archive).saveAs(join(belDir, `${uuid}.bel`));
  const run = spawnSync('belenios-tool', ['election', 'verify', '--dir', belDir], { encoding: 'utf8' });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  expect(run.status, `belenios-tool election verify: ${output}`).toBe(0);
  expect(output).toContain('all checks passed');
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, 'belenios-verify.txt'), output);
  expect(readFileSync(join(SHOTS, 'belenios-verify.txt'), 'utf8')).toContain('all checks passed');

  for (const page of [staff, v1, v2, v3, ...officials]) await page.context().close();
});
