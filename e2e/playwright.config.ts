// Browser tests of Voix on Debian's Chromium. Start them with scripts/e2e.sh, which builds the
// server, makes a test certificate and sets VOIX_BIN and VOIX_E2E_WORK.
import { defineConfig } from '@playwright/test';

const work = process.env.VOIX_E2E_WORK ?? '/tmp/voix-e2e';
const bin = process.env.VOIX_BIN ?? '../target/debug/voix';
const smtpPort = 2526;
const port = 8181;
const database = process.env.VOIX_E2E_DATABASE_URL ? ` --database-url ${process.env.VOIX_E2E_DATABASE_URL}` : '';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync', '--disable-quic',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: [
    {
      command: `python3 support/smtp_server.py --port ${smtpPort} --out ${work}/mail --cert ${work}/smtp-cert.pem --key ${work}/smtp-key.pem`,
      port: smtpPort,
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      command:
        `${bin} serve --data-dir ${work}/data --listen 127.0.0.1:${port} --static-dir ../frontend/dist` +
        ` --smtp-host 127.0.0.1 --smtp-port ${smtpPort} --smtp-tls starttls --smtp-ca-file ${work}/smtp-cert.pem` +
        ` --town-name "Ville de Testville"${database}`,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
