// Shared helpers: reading the mail the SMTP test server received, and accessibility scans.
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
