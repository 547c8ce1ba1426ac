// Shared helpers: reading the mail the SMTP test server received, and accessibility scans.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const mailDir = join(process.env.VOIX_E2E_WORK ?? '/tmp/voix-e2e', 'mail');

/** Decodes quoted-printable soft line breaks and escapes, enough to read links. */
function unQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Waits for a mail to `to` containing `/<path>?token=` and returns that link's path and query. */
export async function linkFromMail(to: string, path: string): Promise<string> {
  const re = new RegExp(`https?://[^/\\s]+(/${path}\\?token=[A-Za-z0-9_-]+)`);
  for (let i = 0; i < 100; i++) {
    let files: string[] = [];
    try {
      files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    } catch {
      /* not created yet */
    }
    files.sort((a, b) => statSync(join(mailDir, b)).mtimeMs - statSync(join(mailDir, a)).mtimeMs);
    for (const f of files) {
      const raw = unQuotedPrintable(readFileSync(join(mailDir, f), 'latin1'));
      if (!raw.includes(`To: ${to}`)) continue;
      const m = raw.match(re);
      if (m) return m[1];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} with a /${path} link in ${mailDir}`);
}

/** The subjects of the mails received for `to` (decoded enough to compare prefixes). */
export function mailCount(to: string): number {
  try {
    return readdirSync(mailDir)
      .filter((f) => f.endsWith('.eml'))
      .filter((f) => readFileSync(join(mailDir, f), 'latin1').includes(`To: ${to}`)).length;
  } catch {
    return 0;
  }
}

/** Runs axe-core with the WCAG 2.1 A and AA rules and expects no violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `accessibility violations on ${label}`).toEqual([]);
}

let counter = 0;
/** A unique email address for this run. */
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}@example.fr`;
}

/** Creates a confirmed account with the CLI (`voix admin create-user`), password on stdin, in
 * the data folder of the server the tests run against; `town` is a slug (default: the
 * default town). */
export function createUser(email: string, role: string, password: string, town?: string): void {
  const work = process.env.VOIX_E2E_WORK ?? '/tmp/voix-e2e';
  const bin = process.env.VOIX_BIN ?? '../target/debug/voix';
  const args = ['admin', 'create-user', '--data-dir', `${work}/data`, '--email', email, '--role', role];
  if (town) args.push('--town', town);
  if (process.env.VOIX_E2E_DATABASE_URL) args.push('--database-url', process.env.VOIX_E2E_DATABASE_URL);
  execFileSync(bin, args, { input: `${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** RFC 4648 base32 (no padding) to bytes. */
export function base32Decode(text: string): Buffer {
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

/** RFC 6238 TOTP computed independently of the server: HMAC-SHA-1, 6 digits, 30-second steps,
 * at Unix time `seconds`. */
export function totp(secret: Buffer, seconds: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/** Decodes RFC 2047 encoded words (`=?utf-8?B?…?=`, `=?utf-8?Q?…?=`) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset, enc, text) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(unQuotedPrintable(text.replace(/_/g, ' ')), 'latin1').toString('utf8'),
    );
}

/** The readable text of one MIME entity: its Subject and every text part, decoded. */
function mimeText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => headers.match(new RegExp(`^${name}:\\s*(.*)$`, 'im'))?.[1] ?? '';
  const subject = header('Subject');
  const type = header('Content-Type');
  const boundary = type.match(/boundary="?([^";]+)"?/i)?.[1];
  let text: string;
  if (boundary) {
    text = body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .map((part) => mimeText(part.replace(/^\r?\n/, '')))
      .join('\n');
  } else {
    const encoding = header('Content-Transfer-Encoding').toLowerCase();
    if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    else if (encoding === 'quoted-printable') text = Buffer.from(unQuotedPrintable(body), 'latin1').toString('utf8');
    else text = Buffer.from(body, 'latin1').toString('utf8');
  }
  return subject ? `Subject: ${decodeWords(subject)}\n${text}` : text;
}

/** The decoded text (subject and text parts) of every mail received for `to`, oldest first. */
export function mailTexts(to: string): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  files.sort((a, b) => statSync(join(mailDir, a)).mtimeMs - statSync(join(mailDir, b)).mtimeMs);
  return files
    .map((f) => readFileSync(join(mailDir, f), 'latin1'))
    .filter((raw) => raw.includes(`To: ${to}`))
    .map(mimeText);
}

/** Waits until a mail to `to` contains every one of `needles`, and returns its text. */
export async function waitForMail(to: string, needles: string[]): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const found = mailTexts(to).find((text) => needles.every((n) => text.includes(n)));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} containing ${JSON.stringify(needles)} in ${mailDir}`);
}

/** A real PNG image (8-bit RGB): a colour gradient, or random noise (which does not compress,
 * for a file of about width × height × 3 bytes). */
export function pngImage(width: number, height: number, noise = false): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 3;
      if (noise) {
        raw[p] = randomByte();
        raw[p + 1] = randomByte();
        raw[p + 2] = randomByte();
      } else {
        raw[p] = Math.floor((x / width) * 255);
        raw[p + 1] = Math.floor((y / height) * 255);
        raw[p + 2] = 160;
      }
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function randomByte(): number {
  return Math.floor(Math.random() * 256);
}

/** First sign-in of an account whose role requires a second factor: enrols it (the code is
 * computed from the secret shown on the page) and lands on /account. */
export async function signInEnrollingTotp(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/account\/security$/);
  const secret = base32Decode((await page.getByTestId('totp-secret').textContent()) ?? '');
  await page.locator('#totp_confirm_code').fill(totp(secret, Date.now() / 1000));
  await page.getByTestId('totp-confirm').click();
  await expect(page.getByTestId('recovery-codes')).toBeVisible();
  await page.getByTestId('totp-continue').click();
  await expect(page).toHaveURL(/\/account$/);
}

/** Signs in an account without a second factor, through the login page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/account$/);
}

/** A state-changing API call with the page's session, sending the `Origin` the server's CSRF
 * check expects. Fails the test unless the answer is 2xx; returns the JSON answer (or null). */
export async function apiCall(page: Page, method: 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<unknown> {
  const origin = new URL(page.url()).origin;
  const response = await page.request.fetch(path, { method, data, headers: { Origin: origin } });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBeTruthy();
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Full-page screenshots into `dir` at the widths pages are checked at: a laptop (1,366 px)
 * and a phone (390 px); the page keeps its viewport afterwards. */
export async function shoot(page: Page, dir: string, name: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: `${dir}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${dir}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(size);
}
