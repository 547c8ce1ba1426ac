// Shared helpers: reading the mail the SMTP test server received, and accessibility scans.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
 * the data folder of the server the tests run against. */
export function createUser(email: string, role: string, password: string): void {
  const work = process.env.VOIX_E2E_WORK ?? '/tmp/voix-e2e';
  const bin = process.env.VOIX_BIN ?? '../target/debug/voix';
  const args = ['admin', 'create-user', '--data-dir', `${work}/data`, '--email', email, '--role', role];
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
