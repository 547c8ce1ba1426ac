// Service requests in the browser: a resident files a request with a photo (upload progress
// shown), staff acknowledge then resolve it from the queue, the resident sees both updates on
// the timeline and receives both emails; filing works with the keyboard alone; axe-core finds
// no WCAG 2.1 AA violation on any request page, in French and in English. Screenshots of every
// page at desktop and phone widths go to /tmp/voix-shots/.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import {
  apiCall,
  createUser,
  expectAccessible,
  pngImage,
  shoot,
  signIn,
  signInEnrollingTotp,
  uniqueEmail,
  waitForMail,
} from './support';

const PASSWORD = 'une phrase de passe solide';
const SHOTS = '/tmp/voix-shots';
const suffix = `${Date.now() % 1_000_000}`;
const CATEGORY = `voirie-${suffix}`;
const SIMPLE_CATEGORY = `dechets-${suffix}`;
const CATEGORY_NAME = `Nid-de-poule ${suffix}`;
const SIMPLE_NAME = `Dépôt sauvage ${suffix}`;

test.describe.configure({ mode: 'serial' });

let staffContext: BrowserContext;
let residentContext: BrowserContext;
let staff: Page;
let resident: Page;
let residentEmail: string;
let number = '';

/** A browser context whose session belongs to a newly created account. */
async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 } });
}

/** Switches the interface language with the header's buttons (saved to the account). */
async function useLanguage(page: Page, lang: 'fr' | 'en'): Promise<void> {
  await page.getByTestId(`lang-${lang}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

async function settle(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
}

test.beforeAll(async ({ browser }) => {
  // Staff: created with the CLI, enrolling their second factor at first sign-in.
  const staffEmail = uniqueEmail('agent');
  createUser(staffEmail, 'staff', PASSWORD);
  staffContext = await newContext(browser);
  staff = await staffContext.newPage();
  await signInEnrollingTotp(staff, staffEmail, PASSWORD);

  // Two categories: one with every kind of extra question, one without.
  const loc = (fr: string, en: string) => ({ fr, en });
  await apiCall(staff, 'POST', '/api/v1/staff/categories', {
    code: CATEGORY,
    group: 'Voirie',
    name: loc(CATEGORY_NAME, `Pothole ${suffix}`),
    description: loc('Trou dans la chaussée ou le trottoir.', 'A hole in the road or pavement.'),
    keywords: 'trou,chaussée',
    attributes: [
      { code: 'depth', datatype: 'number', required: true, label: loc('Profondeur approximative (cm)', 'Approximate depth (cm)'), help: loc('Une estimation suffit.', 'An estimate is enough.'), values: [] },
      {
        code: 'danger', datatype: 'singlevaluelist', required: true, label: loc('Présente-t-il un danger ?', 'Is it dangerous?'),
        help: loc('', ''), values: [{ key: 'yes', name: loc('Oui', 'Yes') }, { key: 'no', name: loc('Non', 'No') }],
      },
      {
        code: 'users', datatype: 'multivaluelist', required: false, label: loc('Qui est gêné ?', 'Who is affected?'),
        help: loc('', ''), values: [{ key: 'cars', name: loc('Voitures', 'Cars') }, { key: 'bikes', name: loc('Vélos', 'Bikes') }, { key: 'walkers', name: loc('Piétons', 'Pedestrians') }],
      },
      { code: 'seen', datatype: 'datetime', required: false, label: loc('Constaté le', 'Seen on'), help: loc('', ''), values: [] },
      { code: 'plate', datatype: 'string', required: false, label: loc('Repère à proximité', 'Nearby landmark'), help: loc('', ''), values: [] },
      { code: 'more', datatype: 'text', required: false, label: loc('Autres remarques', 'Other remarks'), help: loc('', ''), values: [] },
    ],
    active: true,
  });
  await apiCall(staff, 'POST', '/api/v1/staff/categories', {
    code: SIMPLE_CATEGORY,
    group: 'Propreté',
    name: loc(SIMPLE_NAME, `Fly-tipping ${suffix}`),
    description: loc('Déchets abandonnés sur la voie publique.', 'Waste dumped in a public place.'),
    keywords: 'déchets',
    attributes: [],
    active: true,
  });

  // A resident whose residency staff verified at the desk.
  residentEmail = uniqueEmail('habitante');
  createUser(residentEmail, 'resident', PASSWORD);
  const lookup = await staff.request.get(`/api/v1/admin/residency?email=${encodeURIComponent(residentEmail)}`);
  expect(lookup.ok()).toBeTruthy();
  const { user_id: residentId } = (await lookup.json()) as { user_id: string };
  await apiCall(staff, 'POST', `/api/v1/admin/users/${residentId}/residency`, {
    district: 'Centre',
    reason: 'justificatif de domicile présenté au guichet',
  });
  residentContext = await newContext(browser);
  resident = await residentContext.newPage();
  await signIn(resident, residentEmail, PASSWORD);
});

test.afterAll(async () => {
  await staffContext?.close();
  await residentContext?.close();
});

test('a resident files a request with a photo; staff acknowledge then resolve it', async () => {
  // The header and the home page lead to the form.
  await resident.goto('/');
  await expect(resident.getByTestId('home-report')).toBeVisible();
  await resident.getByTestId('nav-report').click();
  await expect(resident).toHaveURL(/\/requests\/new$/);
  await settle(resident);
  await expect(resident).toHaveTitle(/^Signaler un problème — Voix/);

  // An empty submit: every error is announced, summarised and tied to its field.
  await resident.getByTestId('new-request-submit').click();
  await expect(resident.locator('#new-request-errors')).toBeFocused();
  await expect(resident.locator('#category')).toHaveAttribute('aria-invalid', 'true');
  await resident.locator('#category').selectOption(CATEGORY);
  await resident.getByTestId('new-request-submit').click();
  await expect(resident.locator('#new-request-errors')).toContainText('Décrivez le problème');
  await expect(resident.locator('#description')).toHaveAttribute('aria-invalid', 'true');
  await expect(resident.locator('#description')).toHaveAttribute('aria-describedby', /description-error/);
  await expect(resident.locator('#address')).toHaveAttribute('aria-invalid', 'true');
  await expect(resident.locator('#attr-depth')).toHaveAttribute('aria-invalid', 'true');
  await expect(resident.locator('#attr-danger-0')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(resident, '/requests/new (errors)');

  await resident.locator('#description').fill('Un trou profond s’est formé devant l’école.\nLes vélos l’évitent de justesse.');
  await expect(resident.locator('#description-count')).toContainText('sur 5000');
  await resident.locator('#address').fill('12 rue de la Mairie');
  await resident.locator('#attr-depth').fill('12,5');
  await resident.locator('#attr-danger-0').check();
  await resident.locator('#attr-users-1').check();
  await resident.locator('#attr-users-2').check();
  await resident.locator('#attr-seen').fill('2026-03-14T09:30');
  await resident.locator('#attr-plate').fill('Devant le portail bleu');

  // The photo checks: a text file is refused before anything is sent.
  await resident.locator('#photos').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('pas une image') });
  await expect(resident.locator('#photos-error')).toContainText('JPEG, PNG ou WebP');
  await expect(resident.locator('#photos')).toHaveAttribute('aria-invalid', 'true');
  // A real photo of about 300 kB, sent over a slow link so that the progress bar shows.
  await resident.locator('#photos').setInputFiles({ name: 'nid-de-poule.png', mimeType: 'image/png', buffer: pngImage(320, 320, true) });
  await expect(resident.getByTestId('photo-list')).toContainText('nid-de-poule.png');
  await expect(resident.locator('#photos')).not.toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(resident, '/requests/new (filled)');
  await shoot(resident, SHOTS, 'new-request-filled-fr');

  const cdp = await residentContext.newCDPSession(resident);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 150 * 1024 });
  await resident.getByTestId('new-request-submit').click();
  await expect(resident.getByTestId('upload-progress')).toBeVisible();
  await expect(resident.locator('progress#upload-progress')).toHaveAttribute('max', '100');
  await expect(resident.getByTestId('upload-announce')).toContainText(/Envoi/, { timeout: 15_000 });
  await expect(resident).toHaveURL(/\/requests\/\d{4}-\d{6}$/, { timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // The confirmation shows the tracking number prominently.
  number = (await resident.getByTestId('tracking-number').textContent()) ?? '';
  expect(number).toMatch(/^\d{4}-\d{6}$/);
  await expect(resident.getByTestId('filed-confirmation')).toContainText('bien été enregistrée');
  await expect(resident).toHaveTitle(new RegExp(`^Demande ${number} — Voix`));
  await expect(resident.getByTestId('request-status')).toHaveText('Déposée');
  await expect(resident.getByTestId('request-answers')).toContainText('Vélos, Piétons');
  await expect(resident.getByTestId('request-answers')).toContainText('12.5');
  await expect(resident.getByTestId('request-photo').locator('img')).toHaveAttribute('alt', `Photo 1 de la demande ${number}`);
  const photo = resident.getByTestId('request-photo').locator('img');
  await photo.scrollIntoViewIfNeeded();
  await expect.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await expect(resident.getByTestId('follow')).toHaveCount(0); // the reporter does not "me too"
  await waitForMail(residentEmail, [number, 'enregistr']);

  // Staff find it in the queue (unassigned, newest first) and open it.
  await staff.getByTestId('nav-queue').click();
  await expect(staff).toHaveURL(/\/staff\/requests$/);
  await staff.locator('#filter_assignee').selectOption('none');
  await staff.locator('#filter-status-submitted').check();
  await staff.locator('#sort').selectOption('newest');
  await staff.getByTestId('filter-submit').click();
  await expect(staff).toHaveURL(/status=submitted/);
  await expect(staff).toHaveURL(/assignee=none/);
  await expect(staff).toHaveURL(/sort=newest/);
  await expect(staff.getByTestId('csv-export')).toHaveAttribute('href', /\/api\/v1\/staff\/requests\.csv\?status=submitted.*assignee=none/);
  const row = staff.getByTestId('queue-row').filter({ hasText: number });
  await expect(row).toContainText('Déposée');
  await expect(row).toContainText('12 rue de la Mairie');
  await expect(row).toContainText('Non assignée');
  await row.getByRole('link', { name: number }).click();
  await expect(staff).toHaveURL(new RegExp(`/requests/${number}$`));
  await expect(staff.getByTestId('request-reporter')).toContainText('habitante');
  await expect(staff.getByTestId('staff-actions')).toBeVisible();

  // Only the allowed transitions are offered.
  const offered = await staff.locator('#new_status option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toEqual(['', 'acknowledged', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate']);

  // Acknowledge: the reason is required.
  await staff.locator('#new_status').selectOption('acknowledged');
  await staff.getByTestId('status-submit').click();
  await expect(staff.locator('#status-errors')).toBeFocused();
  await expect(staff.locator('#status_reason')).toHaveAttribute('aria-invalid', 'true');
  await staff.locator('#status_reason').fill('Nous avons bien reçu votre signalement, une équipe va passer.');
  await staff.getByTestId('status-submit').click();
  await expect(staff.getByTestId('status-done')).toHaveText('Le statut a été modifié.');
  await expect(staff.getByTestId('request-status')).toHaveText('Prise en compte');
  await expect(staff.getByTestId('status-submit')).toBeFocused();

  // An internal note, visually labelled, and an assignment.
  await staff.locator('#internal_note').fill('Voir avec l’équipe voirie du secteur nord.');
  await staff.getByTestId('internal_note-submit').click();
  await expect(staff.getByTestId('form-done')).toContainText('note interne');
  const note = staff.getByTestId('timeline-entry').filter({ hasText: 'secteur nord' });
  await expect(note.getByTestId('internal-label')).toHaveText('Note interne — non visible du public');
  await staff.locator('#team').fill('Voirie');
  await staff.locator('#assignee').selectOption({ index: 1 });
  await staff.getByTestId('assign-submit').click();
  await expect(staff.getByTestId('assign-done')).toBeVisible();
  await expect(staff.getByTestId('request-assignee')).not.toHaveText('Non assignée');

  // Resolve.
  await staff.locator('#new_status').selectOption('resolved');
  await staff.locator('#status_reason').fill('Le trou a été rebouché ce matin.');
  await staff.getByTestId('status-submit').click();
  await expect(staff.getByTestId('request-status')).toHaveText('Résolue');
  await expect(staff.getByTestId('timeline-entry').filter({ hasText: 'rebouché' }).getByTestId('timeline-status')).toContainText('Prise en compte');
  await shoot(staff, SHOTS, 'request-staff-fr');

  // The resident sees both updates (and not the internal note) on the timeline…
  await resident.reload();
  await expect(resident.getByTestId('request-status')).toHaveText('Résolue');
  const timeline = resident.getByTestId('timeline');
  await expect(timeline.locator(':scope > li').first()).toContainText('Demande déposée');
  await expect(timeline).toContainText('une équipe va passer');
  await expect(timeline).toContainText('Le trou a été rebouché ce matin.');
  await expect(timeline).not.toContainText('secteur nord');
  await expect(timeline.locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  // …can reopen it within the window, and received both emails.
  await expect(resident.locator('#reopen')).toBeVisible();
  await waitForMail(residentEmail, [number, 'prise en compte', 'une équipe va passer']);
  await waitForMail(residentEmail, [number, 'résolue', 'rebouché']);
  await shoot(resident, SHOTS, 'request-resident-fr');

  // "My requests" lists it with its status.
  await resident.getByTestId('nav-my-requests').click();
  const mine = resident.getByTestId('my-requests');
  await expect(mine.locator('caption')).toContainText('Vos demandes');
  await expect(mine.locator('tbody tr').filter({ hasText: number })).toContainText('Résolue');
  await shoot(resident, SHOTS, 'my-requests-fr');
});

test('the reporter comments; another resident follows and flags; staff hide the comment', async ({ browser }) => {
  expect(number).not.toBe('');
  await resident.goto(`/requests/${number}`);
  await resident.locator('#comment').fill('Merci, c’est parfait.');
  await resident.getByTestId('comment-submit').click();
  await expect(resident.getByTestId('form-done')).toHaveText('Votre commentaire a été ajouté.');
  await expect(resident.getByTestId('timeline')).toContainText('Merci, c’est parfait.');

  const neighbourEmail = uniqueEmail('voisin');
  createUser(neighbourEmail, 'resident', PASSWORD);
  const context = await newContext(browser);
  const neighbour = await context.newPage();
  await signIn(neighbour, neighbourEmail, PASSWORD);
  await neighbour.goto(`/requests/${number}`);
  const before = (await neighbour.getByTestId('followers').textContent()) ?? '';
  await expect(neighbour.getByTestId('follow')).toHaveAttribute('aria-pressed', 'false');
  await neighbour.getByTestId('follow').click();
  await expect(neighbour.getByTestId('follow')).toHaveAttribute('aria-pressed', 'true');
  await expect(neighbour.getByTestId('followers')).not.toHaveText(before);
  await expect(neighbour.getByTestId('follow-done')).toHaveText('Vous suivez cette demande.');
  await expect(neighbour.locator('#reopen')).toHaveCount(0);
  await expect(neighbour.locator('#comment')).toHaveCount(0);

  const comment = neighbour.getByTestId('timeline-entry').filter({ hasText: 'c’est parfait' });
  await comment.locator('summary').click();
  await comment.locator('textarea').fill('Ce commentaire n’apporte rien.');
  await comment.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(comment.getByTestId('form-done')).toContainText('transmis aux modérateurs');
  await expectAccessible(neighbour, '/requests/:number (another resident, flag open)');
  await context.close();

  await staff.goto(`/requests/${number}`);
  const staffComment = staff.getByTestId('timeline-entry').filter({ hasText: 'c’est parfait' });
  await staffComment.locator('summary').click();
  await staffComment.locator('textarea').fill('Test de modération.');
  await staffComment.getByRole('button', { name: 'Masquer', exact: true }).click();
  await expect(staff.getByTestId('action-done')).toHaveText('Le contenu a été masqué.');
  await expect(staff.getByTestId('timeline-entry').filter({ hasText: 'c’est parfait' }).getByTestId('moderated')).toContainText('Test de modération.');

  await resident.reload();
  const hidden = resident.getByTestId('timeline-entry').filter({ hasText: 'Contenu masqué par la modération' });
  await expect(hidden).toContainText('Motif\u00a0: Test de modération.');
  await expect(resident.getByTestId('timeline')).not.toContainText('c’est parfait');

  // Staff block the reporter: their next comment is refused with an explanation; then unblock.
  await staff.locator('#block_reason').fill('Propos répétés hors sujet.');
  await staff.getByTestId('block-submit').click();
  await expect(staff.getByTestId('block-done')).toContainText('bloqué');
  await resident.locator('#comment').fill('Encore un mot.');
  await resident.getByTestId('comment-submit').click();
  await expect(resident.locator('#comment-errors')).toBeFocused();
  await expect(resident.locator('#comment-errors')).toContainText('bloqué la publication');
  await expect(resident.locator('#comment')).toHaveAttribute('aria-invalid', 'true');
  await staff.getByTestId('unblock-submit').click();
  await expect(staff.getByTestId('block-done')).toHaveText('Le compte a été débloqué.');
  await resident.getByTestId('comment-submit').click();
  await expect(resident.getByTestId('form-done')).toHaveText('Votre commentaire a été ajouté.');
});

test('a resident whose residency is not verified is told how to verify it before filling the form', async ({ browser }) => {
  const email = uniqueEmail('nouvelle');
  createUser(email, 'resident', PASSWORD);
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  await page.getByTestId('nav-my-requests').click();
  await expect(page.getByTestId('my-requests-empty')).toBeVisible();
  await settle(page);
  await expectAccessible(page, '/requests/mine (empty)');
  await page.getByTestId('my-requests-empty').getByRole('link').click();
  await expect(page).toHaveURL(/\/requests\/new$/);
  // Said before anything is typed: no form to fill in vain.
  await expect(page.getByTestId('residency-first')).toContainText('justifier de votre résidence');
  await expect(page.locator('#category')).toHaveCount(0);
  await expectAccessible(page, '/requests/new (residency required)');
  await page.getByTestId('residency-first-link').click();
  await expect(page).toHaveURL(/\/account\/residency\?for=filing$/);
  await context.close();
});

test('filing works with the keyboard alone', async () => {
  await residentContext.grantPermissions(['geolocation']);
  await residentContext.setGeolocation({ latitude: 48.85661, longitude: 2.35222, accuracy: 15 });
  await resident.goto('/requests/new');
  await settle(resident);

  // Tab from the top of the page to the category list.
  for (let i = 0; i < 40; i++) {
    if (await resident.locator('#category').evaluate((el) => el === document.activeElement)) break;
    await resident.keyboard.press('Tab');
  }
  await expect(resident.locator('#category')).toBeFocused();
  // Arrow keys change a closed <select> in Chromium: walk down to the simple category.
  for (let i = 0; i < 60; i++) {
    if ((await resident.locator('#category').inputValue()) === SIMPLE_CATEGORY) break;
    await resident.keyboard.press('ArrowDown');
  }
  await expect(resident.locator('#category')).toHaveValue(SIMPLE_CATEGORY);
  await resident.keyboard.press('Tab');
  await expect(resident.locator('#description')).toBeFocused();
  await resident.keyboard.type('Des sacs de déchets ont été déposés au pied du container à verre.');
  await resident.keyboard.press('Tab');
  await expect(resident.locator('#address')).toBeFocused();
  await resident.keyboard.type('Parking du stade');
  await resident.keyboard.press('Tab');
  await expect(resident.locator('#locate')).toBeFocused();
  await resident.keyboard.press('Enter');
  await expect(resident.getByTestId('lat')).toHaveText('48.85661');
  await expect(resident.getByTestId('lon')).toHaveText('2.35222');
  await resident.keyboard.press('Tab');
  await expect(resident.getByTestId('clear-position')).toBeFocused();
  await resident.keyboard.press('Tab');
  await expect(resident.locator('#photos')).toBeFocused();
  const chooser = resident.waitForEvent('filechooser');
  await resident.keyboard.press('Space');
  await (await chooser).setFiles({ name: 'depot.png', mimeType: 'image/png', buffer: pngImage(64, 48) });
  await expect(resident.getByTestId('photo-list')).toContainText('depot.png');
  // Tab on to the submit button (past the photo's remove button) and send.
  for (let i = 0; i < 5; i++) {
    await resident.keyboard.press('Tab');
    if (await resident.getByTestId('new-request-submit').evaluate((el) => el === document.activeElement)) break;
  }
  await expect(resident.getByTestId('new-request-submit')).toBeFocused();
  await resident.keyboard.press('Enter');
  await expect(resident).toHaveURL(/\/requests\/\d{4}-\d{6}$/, { timeout: 30_000 });
  await expect(resident.getByTestId('filed-confirmation')).toBeVisible();
  await expect(resident.getByTestId('request-location')).toHaveText('48.85661, 2.35222');
  await expect(resident.getByTestId('request-photo')).toHaveCount(1);
});

test('request pages have no WCAG 2.1 AA violation, in French and in English', async () => {
  expect(number).not.toBe('');
  for (const lang of ['fr', 'en'] as const) {
    const pages: [Page, string, string][] = [
      [resident, '/requests/new', 'new-request'],
      [resident, '/requests/mine', 'my-requests'],
      [resident, `/requests/${number}`, 'request-resident'],
      [staff, `/requests/${number}`, 'request-staff'],
      [staff, '/staff/requests', 'queue'],
    ];
    for (const [page, path, name] of pages) {
      await page.goto(path);
      await settle(page);
      if ((await page.locator('html').getAttribute('lang')) !== lang) await useLanguage(page, lang);
      await settle(page);
      if (path === '/requests/new') {
        await page.locator('#category').selectOption(CATEGORY);
        await expect(page.locator('#attributes-title')).toBeVisible();
      }
      await expect(page).toHaveTitle(/Voix/);
      await expectAccessible(page, `${path} (${name}, ${lang})`);
      await shoot(page, SHOTS, `${name}-${lang}`);
    }
  }
  // Back to French for whoever runs next.
  await useLanguage(resident, 'fr');
  await useLanguage(staff, 'fr');
});
