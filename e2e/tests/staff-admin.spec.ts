// Staff and administrator back office in the browser: staff create a category with a required
// list question on /staff/categories (the question part with the keyboard alone) and residents
// are asked that question when filing; a resident flags a comment and staff handle the flag on
// /staff/flags; an administrator reads the audit log (/admin/audit), intact, with those actions.
// axe-core finds no WCAG 2.1 AA violation on the three pages, in French and in English.
// With a tile server configured, the request form shows a map (tiles allowed by the CSP) that
// sets the position by a click or with its buttons. Screenshots at desktop and phone widths go
// to /tmp/voix-shots2/.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
} from './support';

const PASSWORD = 'une phrase de passe solide';
const SHOTS = '/tmp/voix-shots2';
const suffix = `${Date.now() % 1_000_000}`;
const CODE = `eclairage-${suffix}`;
const NAME = `Lampadaire en panne ${suffix}`;
const GROUP = `Éclairage ${suffix}`;

test.describe.configure({ mode: 'serial' });

let staffContext: BrowserContext;
let adminContext: BrowserContext;
let reporterContext: BrowserContext;
let neighbourContext: BrowserContext;
let staff: Page;
let admin: Page;
let reporter: Page;
let neighbour: Page;
let number = '';
let flagId = '';

async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 } });
}

async function useLanguage(page: Page, lang: 'fr' | 'en'): Promise<void> {
  await page.getByTestId(`lang-${lang}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

async function settle(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
}

/** Presses Tab and expects `selector` to have the focus. */
async function tabTo(page: Page, selector: string): Promise<void> {
  await page.keyboard.press('Tab');
  await expect(page.locator(selector)).toBeFocused();
}

test.beforeAll(async ({ browser }) => {
  const staffEmail = uniqueEmail('agente');
  createUser(staffEmail, 'staff', PASSWORD);
  staffContext = await newContext(browser);
  staff = await staffContext.newPage();
  await signInEnrollingTotp(staff, staffEmail, PASSWORD);

  const adminEmail = uniqueEmail('admin');
  createUser(adminEmail, 'admin', PASSWORD);
  adminContext = await newContext(browser);
  admin = await adminContext.newPage();
  await signInEnrollingTotp(admin, adminEmail, PASSWORD);

  // The reporter's residency is verified at the desk; the neighbour only has an account.
  const reporterEmail = uniqueEmail('riveraine');
  createUser(reporterEmail, 'resident', PASSWORD);
  const lookup = await staff.request.get(`/api/v1/admin/residency?email=${encodeURIComponent(reporterEmail)}`);
  expect(lookup.ok()).toBeTruthy();
  const { user_id: reporterId } = (await lookup.json()) as { user_id: string };
  await apiCall(staff, 'POST', `/api/v1/admin/users/${reporterId}/residency`, {
    district: 'Centre',
    reason: 'justificatif de domicile présenté au guichet',
  });
  reporterContext = await newContext(browser);
  reporter = await reporterContext.newPage();
  await signIn(reporter, reporterEmail, PASSWORD);

  const neighbourEmail = uniqueEmail('voisine');
  createUser(neighbourEmail, 'resident', PASSWORD);
  neighbourContext = await newContext(browser);
  neighbour = await neighbourContext.newPage();
  await signIn(neighbour, neighbourEmail, PASSWORD);
});

test.afterAll(async () => {
  for (const c of [staffContext, adminContext, reporterContext, neighbourContext]) await c?.close();
});

test('staff create a category with a required list question; residents are asked it', async () => {
  // The header leads staff to the page; residents are refused it.
  await staff.goto('/');
  await expect(staff.getByTestId('nav-audit')).toHaveCount(0);
  await staff.getByTestId('nav-categories').click();
  await expect(staff).toHaveURL(/\/staff\/categories$/);
  await settle(staff);
  await expect(staff).toHaveTitle(/^Catégories de demandes — Voix/);
  await expect(staff.getByTestId('nav-categories')).toHaveAttribute('aria-current', 'page');

  await staff.getByTestId('new-category').click();
  await expect(staff.locator('#category-form-title')).toBeFocused();
  await expect(staff.locator('#category-form-title')).toHaveText('Nouvelle catégorie');

  // An empty submit: errors are summarised, focused and tied to their fields.
  await staff.getByTestId('category-submit').click();
  await expect(staff.locator('#category-errors')).toBeFocused();
  await expect(staff.locator('#cat-code')).toHaveAttribute('aria-invalid', 'true');
  await expect(staff.locator('#cat-code')).toHaveAttribute('aria-describedby', /cat-code-error/);
  await expect(staff.locator('#cat-name-fr-error')).toHaveText('Saisissez le nom en français.');
  await expectAccessible(staff, '/staff/categories (form with errors)');

  await staff.locator('#cat-code').fill(CODE);
  await staff.locator('#cat-group').fill(GROUP);
  await staff.locator('#cat-name-fr').fill(NAME);
  await staff.locator('#cat-name-en').fill(`Broken street light ${suffix}`);
  await staff.locator('#cat-description-fr').fill('Un lampadaire éteint ou qui clignote.');
  await staff.locator('#cat-description-en').fill('A street light that is off or flickering.');
  await staff.locator('#cat-keywords').fill('lampadaire, éclairage');

  // The questions, with the keyboard alone.
  await staff.locator('#add-attribute').focus();
  await staff.keyboard.press('Enter');
  await expect(staff.locator('#q0-code')).toBeFocused();
  await staff.keyboard.type('danger');
  await tabTo(staff, '#q0-type');
  for (let i = 0; i < 6; i++) {
    if ((await staff.locator('#q0-type').inputValue()) === 'singlevaluelist') break;
    await staff.keyboard.press('ArrowDown');
  }
  await expect(staff.locator('#q0-type')).toHaveValue('singlevaluelist');
  // A list starts with one empty choice.
  await expect(staff.getByTestId('choice')).toHaveCount(1);
  await tabTo(staff, '#q0-required');
  await staff.keyboard.press('Space');
  await expect(staff.locator('#q0-required')).toBeChecked();
  await tabTo(staff, '#q0-label-fr');
  await staff.keyboard.type('Le quartier est-il dans le noir ?');
  await tabTo(staff, '#q0-label-en');
  await staff.keyboard.type('Is the area in the dark?');
  await tabTo(staff, '#q0-help-fr');
  await staff.keyboard.type('Répondez au mieux.');
  await tabTo(staff, '#q0-help-en');
  await staff.keyboard.type('Answer as best you can.');
  await tabTo(staff, '#q0-c1-key');
  await staff.keyboard.type('yes');
  await tabTo(staff, '#q0-c1-fr');
  await staff.keyboard.type('Oui');
  await tabTo(staff, '#q0-c1-en');
  await staff.keyboard.type('Yes');
  await tabTo(staff, '#q0-c1-remove');
  await expect(staff.locator('#q0-c1-remove')).toHaveAccessibleName('Retirer le choix 1 de la question 1');
  await tabTo(staff, '#q0-add-choice');
  await staff.keyboard.press('Enter');
  await expect(staff.locator('#q0-c2-key')).toBeFocused();
  await staff.keyboard.type('no');
  await tabTo(staff, '#q0-c2-fr');
  await staff.keyboard.type('Non');
  await tabTo(staff, '#q0-c2-en');
  await staff.keyboard.type('No');
  await tabTo(staff, '#q0-c2-remove');
  await tabTo(staff, '#q0-add-choice');
  await tabTo(staff, '#q0-up');
  await expect(staff.locator('#q0-up')).toHaveAttribute('aria-disabled', 'true');
  await tabTo(staff, '#q0-down');
  await tabTo(staff, '#q0-remove');
  await tabTo(staff, '#add-attribute');

  // A second question: moved up, down, then removed, focus following each time.
  await staff.keyboard.press('Enter');
  await expect(staff.locator('#q3-code')).toBeFocused();
  await staff.keyboard.type('remarque');
  await tabTo(staff, '#q3-type');
  await tabTo(staff, '#q3-required');
  await tabTo(staff, '#q3-label-fr');
  await staff.keyboard.type('Une remarque ?');
  await tabTo(staff, '#q3-label-en');
  await staff.keyboard.type('Any remark?');
  await tabTo(staff, '#q3-help-fr');
  await tabTo(staff, '#q3-help-en');
  await tabTo(staff, '#q3-up');
  await expect(staff.locator('#q3-up')).toHaveAccessibleName('Monter la question 2');
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('attributes-announce')).toHaveText('Question déplacée en position 1 sur 2.');
  await expect(staff.getByTestId('attribute').first().locator('input').first()).toHaveValue('remarque');
  await expect(staff.locator('#q3-down')).toBeFocused(); // "up" reached the top
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('attributes-announce')).toHaveText('Question déplacée en position 2 sur 2.');
  await expect(staff.getByTestId('attribute').first().locator('input').first()).toHaveValue('danger');
  await expect(staff.locator('#q3-up')).toBeFocused();
  await tabTo(staff, '#q3-down');
  await tabTo(staff, '#q3-remove');
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('attribute')).toHaveCount(1);
  await expect(staff.getByTestId('attributes-announce')).toHaveText('Question retirée.');
  await expect(staff.locator('#q0-code')).toBeFocused();
  await expectAccessible(staff, '/staff/categories (form filled)');
  await shoot(staff, SHOTS, 'category-form-fr');

  // Enter in a field sends the form.
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('category-saved')).toHaveText('La catégorie a été créée.');
  await expect(staff.locator(`#edit-${CODE}`)).toBeFocused();
  const row = staff.getByTestId('category-row').filter({ hasText: CODE });
  await expect(row).toContainText(NAME);
  await expect(row).toContainText('Active');
  await expect(row.locator('td').nth(2)).toHaveText('1');
  await expect(staff.locator('section.category-group').filter({ has: row }).locator('h2')).toHaveText(GROUP);

  // The same code again: the server's refusal shows next to the code field.
  await staff.getByTestId('new-category').click();
  await staff.locator('#cat-code').fill(CODE);
  await staff.locator('#cat-name-fr').fill('Doublon');
  await staff.locator('#cat-name-en').fill('Duplicate');
  await staff.getByTestId('category-submit').click();
  await expect(staff.locator('#cat-code-error')).toHaveText('Une catégorie porte déjà ce code\u00a0: choisissez-en un autre.');
  await expect(staff.locator('#category-errors')).toBeFocused();
  await staff.getByTestId('category-cancel').click();
  await expect(staff.locator('#new-category')).toBeFocused();

  // Editing keeps the code and the question.
  await row.getByTestId('edit-category').click();
  await expect(staff.locator('#category-form-title')).toHaveText(`Modifier «\u00a0${NAME}\u00a0»`);
  await expect(staff.getByTestId('category-code')).toHaveText(CODE);
  await expect(staff.getByTestId('attribute')).toHaveCount(1);
  await expect(staff.getByTestId('choice')).toHaveCount(2);
  await staff.locator('#cat-keywords').fill('lampadaire, éclairage, nuit');
  await staff.getByTestId('category-submit').click();
  await expect(staff.getByTestId('category-saved')).toHaveText('La catégorie a été enregistrée.');
  await expect(staff.locator(`#edit-${CODE}`)).toBeFocused();
  await shoot(staff, SHOTS, 'categories-fr');

  // The resident's form asks the question, required.
  await reporter.goto('/requests/new');
  await settle(reporter);
  await reporter.locator('#category').selectOption(CODE);
  await expect(reporter.locator('#attributes-title')).toBeVisible();
  const question = reporter.locator('fieldset').filter({ hasText: 'Le quartier est-il dans le noir ?' });
  await expect(question.locator('legend')).toContainText('obligatoire');
  await expect(question).toContainText('Répondez au mieux.');
  await expect(reporter.locator('#attr-danger-0')).toHaveAttribute('type', 'radio');
  await expect(reporter.locator('label[for="attr-danger-1"]')).toHaveText('Non');
  await reporter.locator('#description').fill('Le lampadaire devant le numéro 4 est éteint.');
  await reporter.locator('#address').fill('4 allée des Tilleuls');
  await reporter.getByTestId('new-request-submit').click();
  await expect(reporter.locator('#attr-danger-0')).toHaveAttribute('aria-invalid', 'true');
  await reporter.locator('#attr-danger-0').check();
  await reporter.getByTestId('new-request-submit').click();
  await expect(reporter).toHaveURL(/\/requests\/\d{4}-\d{6}$/, { timeout: 30_000 });
  number = (await reporter.getByTestId('tracking-number').textContent()) ?? '';
  expect(number).toMatch(/^\d{4}-\d{6}$/);
  await expect(reporter.getByTestId('request-answers')).toContainText('Oui');

  // Residents cannot open the staff pages.
  await reporter.goto('/staff/categories');
  await expect(reporter.getByTestId('forbidden')).toBeVisible();
});

test('a resident flags a comment; staff open it from the flags page and mark it handled', async () => {
  expect(number).not.toBe('');
  await apiCall(reporter, 'POST', `/api/v1/requests/${number}/comments`, { body: 'Il est éteint depuis trois nuits.' });

  await neighbour.goto(`/requests/${number}`);
  const comment = neighbour.getByTestId('timeline-entry').filter({ hasText: 'trois nuits' });
  await comment.locator('summary').click();
  await comment.locator('textarea').fill('Propos hors sujet.');
  await comment.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(comment.getByTestId('form-done')).toContainText('transmis aux modérateurs');
  const eventId = ((await comment.getAttribute('id')) ?? '').replace(/^event-/, '');
  expect(eventId).toMatch(/^\d+$/);

  await staff.getByTestId('nav-flags').click();
  await expect(staff).toHaveURL(/\/staff\/flags$/);
  await settle(staff);
  await expect(staff).toHaveTitle(/^Signalements à traiter — Voix/);
  const row = staff.getByTestId('flag-row').filter({ hasText: number });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Propos hors sujet.');
  await expect(row).toContainText(`Message n°\u00a0${eventId} du fil`);
  flagId = (await row.getAttribute('data-flag')) ?? '';
  expect(flagId).not.toBe('');
  await expectAccessible(staff, '/staff/flags');
  await shoot(staff, SHOTS, 'flags-open-fr');

  // The link goes to the flagged entry on the request's page, highlighted and focused.
  await row.getByRole('link', { name: new RegExp(`Message n°.${eventId} du fil`) }).click();
  await expect(staff).toHaveURL(new RegExp(`/requests/${number}#event-${eventId}$`));
  await expect(staff.locator(`#event-${eventId}`)).toBeFocused();
  await expect(staff.locator(`#event-${eventId}`)).toHaveAttribute('data-targeted', '');
  await staff.goBack();
  await expect(staff).toHaveURL(/\/staff\/flags$/);

  const resolve = staff.getByTestId('flag-row').filter({ hasText: number }).getByTestId('resolve-flag');
  await expect(resolve).toHaveAccessibleName(`Marquer comme traité (signalement sur la demande ${number})`);
  await resolve.click();
  await expect(staff.getByTestId('flag-resolved')).toHaveText('Le signalement a été marqué comme traité.');
  await expect(staff.getByTestId('flag-row').filter({ hasText: number })).toHaveCount(0);
  await staff.reload();
  await settle(staff);
  await expect(staff.getByTestId('flag-row').filter({ hasText: number })).toHaveCount(0);
});

test('an administrator reads the intact audit log with those actions', async () => {
  expect(flagId).not.toBe('');
  // Staff who are not administrators are refused the log.
  await staff.goto('/admin/audit');
  await expect(staff.getByTestId('forbidden')).toBeVisible();

  await admin.goto('/');
  await admin.getByTestId('nav-audit').click();
  await expect(admin).toHaveURL(/\/admin\/audit$/);
  await settle(admin);
  await expect(admin).toHaveTitle(/^Journal d’audit — Voix/);
  await expect(admin.getByTestId('audit-status')).toContainText('Chaîne d’audit intègre');
  await expect(admin.getByTestId('audit-status')).toHaveAttribute('data-valid', 'true');
  const rows = admin.getByTestId('audit-row');
  await expect(rows.filter({ hasText: CODE }).filter({ hasText: 'Catégorie créée' })).toHaveCount(1);
  await expect(rows.filter({ hasText: CODE }).filter({ hasText: 'Catégorie modifiée' })).toHaveCount(1);
  const resolved = rows.filter({ hasText: flagId });
  await expect(resolved).toContainText('Signalement traité');
  await expect(resolved).toContainText('moderation.flag_resolved');
  await expect(resolved.getByTestId('audit-hash')).toHaveText(/^[0-9a-f]{12}$/);
  // Newest first: the flag was handled after the category was created.
  const actions = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-action')));
  expect(actions.indexOf('moderation.flag_resolved')).toBeLessThan(actions.indexOf('category.create'));
  await expectAccessible(admin, '/admin/audit');
  await shoot(admin, SHOTS, 'audit-fr');
});

test('the three pages have no WCAG 2.1 AA violation, in French and in English', async () => {
  // An open flag, so that the flags page shows its table.
  await apiCall(neighbour, 'POST', `/api/v1/requests/${number}/flags`, { reason: 'Description trop vague.' });
  for (const lang of ['fr', 'en'] as const) {
    const pages: [Page, string, string][] = [
      [staff, '/staff/categories', 'categories'],
      [staff, '/staff/flags', 'flags'],
      [admin, '/admin/audit', 'audit'],
    ];
    for (const [page, path, name] of pages) {
      await page.goto(path);
      await settle(page);
      if ((await page.locator('html').getAttribute('lang')) !== lang) await useLanguage(page, lang);
      await settle(page);
      await expectAccessible(page, `${path} (${lang})`);
      await shoot(page, SHOTS, `${name}-${lang}`);
    }
    // The category form too, with a list question.
    await staff.goto('/staff/categories');
    await settle(staff);
    await staff.getByTestId('category-row').filter({ hasText: CODE }).getByTestId('edit-category').click();
    await expect(staff.getByTestId('attribute')).toHaveCount(1);
    await expectAccessible(staff, `/staff/categories form (${lang})`);
    await shoot(staff, SHOTS, `category-edit-${lang}`);
  }
  await useLanguage(staff, 'fr');
  await useLanguage(admin, 'fr');
});

test('with a tile server configured, the request form has a map that sets the position', async ({ browser }) => {
  // A tile server of our own (every tile the same image) and a second Voix (demo categories)
  // configured to use it, in which anyone signed in may file (the form is not behind the
  // residency notice).
  const tile = pngImage(256, 256);
  const tiles = createServer((req, res) => {
    res.writeHead(/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '') ? 200 : 404, { 'Content-Type': 'image/png' });
    res.end(tile);
  });
  await new Promise<void>((resolve) => tiles.listen(8183, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'voix-map-'));
  writeFileSync(
    join(dir, 'voix.toml'),
    '[requests]\nrequire_residency = false\nmap_tile_url = "http://127.0.0.1:8183/tiles/{z}/{x}/{y}.png"\n' +
      'map_center = [45.764, 4.8357]\nmap_zoom = 15\nmap_attribution = "© Tuiles de test"\n',
  );
  const bin = process.env.VOIX_BIN ?? '../target/debug/voix';
  const server = spawn(bin, ['serve', '--data-dir', `${dir}/data`, '--config', `${dir}/voix.toml`, '--listen', '127.0.0.1:8182',
    '--static-dir', '../frontend/dist', '--town-name', 'Ville de Carteville', '--demo'], { stdio: 'ignore' });
  const context = await browser.newContext({ baseURL: 'http://127.0.0.1:8182', viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await expect.poll(async () => (await page.request.get('/healthz').catch(() => null))?.status(), { timeout: 30_000 }).toBe(200);
    const csp = (await page.request.get('/requests/new')).headers()['content-security-policy'];
    expect(csp).toContain("img-src 'self' data: http://127.0.0.1:8183;");

    const email = uniqueEmail('cartographe');
    execFileSync(bin, ['admin', 'create-user', '--data-dir', `${dir}/data`, '--config', `${dir}/voix.toml`, '--email', email, '--role', 'resident'],
      { input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
    await signIn(page, email, PASSWORD);
    await page.goto('/requests/new');
    await settle(page);

    // Twelve tiles around the town centre, loaded (the CSP lets them in), hidden from
    // assistive technologies; the credit is shown.
    const map = page.getByTestId('map');
    await expect(map.locator('img.map__tile')).toHaveCount(12);
    await expect(page.getByTestId('map-view')).toHaveAttribute('aria-hidden', 'true');
    for (const img of await map.locator('img.map__tile').all()) {
      await expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(256);
    }
    await expect(map.locator('img.map__tile').nth(5)).toHaveAttribute('data-tile', /^15\/\d+\/\d+$/);
    await expect(page.getByTestId('map-attribution')).toHaveText('© Tuiles de test');
    await expect(page.getByTestId('map-marker')).toHaveCount(0);

    // A click on the map sets the position near the town centre, announced and marked.
    await map.locator('img.map__tile').nth(5).click({ position: { x: 128, y: 128 } });
    await expect(page.getByTestId('position')).toBeVisible();
    const lat = Number(await page.getByTestId('lat').textContent());
    const lon = Number(await page.getByTestId('lon').textContent());
    expect(Math.abs(lat - 45.764)).toBeLessThan(0.02);
    expect(Math.abs(lon - 4.8357)).toBeLessThan(0.02);
    await expect(page.getByTestId('map-marker')).toHaveCount(1);
    await expect(page.locator('.geo__status')).toContainText('Position ajoutée');

    // The buttons, with the keyboard: east, zoom in, then the marker at the centre.
    const before = await map.locator('img.map__tile').first().getAttribute('data-tile');
    await page.getByTestId('map-east').focus();
    await expect(page.getByTestId('map-east')).toHaveAccessibleName('Déplacer la carte vers l’est');
    await page.keyboard.press('Enter');
    const [, bx, by] = (before ?? '').split('/').map(Number);
    await expect(map.locator('img.map__tile').first()).toHaveAttribute('data-tile', `15/${bx + 1}/${by}`);
    await page.getByTestId('map-zoom-in').focus();
    await page.keyboard.press('Enter');
    await expect(map.locator('img.map__tile').first()).toHaveAttribute('data-tile', /^16\//);
    await page.getByTestId('map-pick-centre').focus();
    await page.keyboard.press('Enter');
    const lon2 = Number(await page.getByTestId('lon').textContent());
    expect(lon2).toBeGreaterThan(lon); // one tile east of where we clicked
    await expect(page.getByTestId('map-marker')).toHaveCount(1);

    await expectAccessible(page, '/requests/new (with the map)');
    await page.getByTestId('map-zoom-out').click();
    await shoot(page, SHOTS, 'new-request-map-fr');
  } finally {
    await context.close();
    server.kill();
    tiles.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
