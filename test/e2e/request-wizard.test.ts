// Issue [8], item 7 in Chromium on the real preview: the Request wizard checks the vault on entry (vault.status)
// and, when it cannot store a key, says so at step 1 with the fix and keeps Next off; errors appear only after
// input (blur) or Next, each once; the Review page shows the SAN and the EKU the CSR will carry (checked against the engine's CSR); Cancel on every step. Nothing here needs
// a keychain: after the no-keychain case the wizard runs in passphrase mode; no key is generated.
// Writes docs/screenshots/request-wizard.png (the Review page at 1024×768).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestedExtensions } from '../../electron/engine/requests/csr';
import { AMT_OID, AMT_OU } from '../support/openssl';
import type { VaultStatus } from '../../shared/contract/requests';
import { secretServiceAvailable } from '../integration/requests/support';
import { ROOT, screenshotPath, startApp, type App } from './support';

const ORG = 'corp.example.com';
const CN = 'prov.corp.example.com';

describe('Request wizard (preview, Chromium, 1024×768)', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1024, height: 768 } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const wizard = () => page.getByRole('main', { name: 'Request wizard' });
  const alerts = () => wizard().getByRole('alert');

  // vault.status runs in this process (the preview server is in-process), so the environment the engine reads is
  // this test's: a session bus that points nowhere is "no keychain" (as in the CLI vault tests), and
  // CERTDESK_VAULT=passphrase with or without CERTDESK_PASSPHRASE is passphrase mode, whatever keyring this
  // machine has. libsecret caches a bus connection only once one succeeded, so "no keychain" comes first.
  const saved = { bus: process.env.DBUS_SESSION_BUS_ADDRESS, vault: process.env.CERTDESK_VAULT, passphrase: process.env.CERTDESK_PASSPHRASE };
  const setEnv = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  afterAll(() => {
    setEnv('DBUS_SESSION_BUS_ADDRESS', saved.bus);
    setEnv('CERTDESK_VAULT', saved.vault);
    setEnv('CERTDESK_PASSPHRASE', saved.passphrase);
  });

  const vaultState = () => wizard().getByTestId('vault-state');
  /** The wizard's vault panel once its check has answered. */
  const settledVault = async () => {
    await wizard().locator('[data-testid="vault-state"]:not([data-vault="checking"])').waitFor();
    return vaultState();
  };
  const engineStatus = async () => {
    const reply = await app.call<VaultStatus>('vault.status', {});
    if (!reply.ok) throw new Error(`vault.status: ${reply.error.code} ${reply.error.message}`);
    return reply.result;
  };

  it('on entry with no keychain reachable: step 1 says the vault cannot store a key, with the fix; Next stays off', async () => {
    setEnv('CERTDESK_VAULT', undefined);
    setEnv('DBUS_SESSION_BUS_ADDRESS', 'unix:path=/nonexistent/certdesk-e2e-no-bus');
    await nav('Request wizard').click();
    const w = wizard();
    await w.getByRole('heading', { name: 'Name and key size' }).waitFor();
    const state = await settledVault();
    expect(await state.getAttribute('data-vault')).toBe('unavailable');
    expect(await state.getAttribute('role')).toBe('alert');
    expect(await state.getByRole('heading', { name: 'The vault cannot store a key' }).isVisible()).toBe(true);
    const engine = await engineStatus();
    expect(engine).toMatchObject({ available: false, backend: 'os-keychain', code: 'keychain-unavailable' });
    // The page shows the engine's own fix, whole.
    expect(await w.getByTestId('vault-fix').innerText()).toBe(`How to fix it: ${engine.fix}`);
    if (process.platform === 'linux') expect(engine.fix).toMatch(/^Unlock your login keyring/);
    expect(engine.fix).toContain('CERTDESK_VAULT=passphrase');
    expect(engine.fix).toContain('CERTDESK_PASSPHRASE');

    // No way on to the last step: Next is off, and Enter in the name field does not submit either.
    const nextButton = w.getByRole('button', { name: 'Next' });
    expect(await nextButton.isDisabled()).toBe(true);
    expect(await w.getByText('The vault cannot store a key yet').isVisible()).toBe(true);
    await w.getByRole('textbox', { name: 'Friendly name:' }).fill('Vault check');
    await w.getByRole('textbox', { name: 'Friendly name:' }).press('Enter');
    expect(await w.getByRole('heading', { name: 'Name and key size' }).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('e2e-request-wizard-no-vault') });

    // The bus back: "Check again" asks the engine again, and the page follows its answer.
    setEnv('DBUS_SESSION_BUS_ADDRESS', saved.bus);
    await w.getByRole('button', { name: 'Check again' }).click();
    const again = await settledVault();
    const now = await engineStatus();
    if (secretServiceAvailable()) expect(now.available).toBe(true);
    expect(await again.getAttribute('data-vault')).toBe(now.available ? 'ready' : 'unavailable');
    expect(await nextButton.isDisabled()).toBe(!now.available);
  });

  it('passphrase mode without CERTDESK_PASSPHRASE: says where the passphrase comes from; shown again, the wizard checks again', async () => {
    setEnv('CERTDESK_VAULT', 'passphrase');
    setEnv('CERTDESK_PASSPHRASE', undefined);
    const w = wizard();
    // Leaving the wizard and coming back is "entry" too.
    await nav('Requests').click();
    await nav('Request wizard').click();
    const state = await settledVault();
    expect(await state.getAttribute('data-vault')).toBe('unavailable');
    expect(await state.getAttribute('data-backend')).toBe('passphrase');
    const fix = await w.getByTestId('vault-fix').innerText();
    expect(fix).toMatch(/CERTDESK_PASSPHRASE environment variable of the CertDesk process/);
    expect(await w.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

    const secret = 'e2e wizard vault passphrase';
    setEnv('CERTDESK_PASSPHRASE', secret);
    await nav('Requests').click();
    await nav('Request wizard').click();
    const ready = await settledVault();
    expect(await ready.getAttribute('data-vault')).toBe('ready');
    expect(await ready.getAttribute('role')).toBe('note');
    expect(await ready.innerText()).toMatch(/^Where the key is kept: Passphrase mode/);
    expect(await page.content()).not.toContain(secret);
    expect(await w.getByRole('textbox', { name: 'Friendly name:' }).inputValue()).toBe('Vault check');
    await w.getByRole('textbox', { name: 'Friendly name:' }).fill('');
    expect(await w.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
    await w.getByRole('button', { name: 'Next' }).click();
  });

  it('Organization: no error before input; Next with nothing says it once', async () => {
    const w = wizard();
    await w.getByRole('heading', { name: 'Organization' }).waitFor();
    expect(await alerts().count()).toBe(0);
    await w.getByRole('button', { name: 'Next' }).click();
    await alerts().first().waitFor();
    expect(await alerts().count()).toBe(1);
    await w.getByRole('textbox', { name: 'Organization (DNS context):' }).fill(ORG);
    // Fixing the value takes the message away while typing.
    expect(await alerts().count()).toBe(0);
    await w.getByRole('button', { name: 'Next' }).click();
  });

  it('Common name: nothing shown as an error before anything is typed; a too-long CN is reported once, after blur', async () => {
    const w = wizard();
    await w.getByRole('heading', { name: 'Common name' }).waitFor();
    const cn = w.getByRole('textbox', { name: 'Common name (FQDN of the provisioning server):' });
    expect(await alerts().count()).toBe(0);
    expect(await w.locator('.form-error, .rw-suffix-bad').count()).toBe(0);
    expect(await w.locator('[data-suffix-state]').getAttribute('data-suffix-state')).toBe('waiting');

    const long = `${'a'.repeat(60)}.${ORG}`;
    await cn.fill(long);
    // While typing, not judged yet.
    expect(await alerts().count()).toBe(0);
    await cn.blur();
    const lengthError = w.getByText(/a certificate's CN holds at most 64/);
    await lengthError.first().waitFor();
    expect(await lengthError.count()).toBe(1);
    expect(await cn.getAttribute('aria-invalid')).toBe('true');
    // Next does not add a second copy.
    await w.getByRole('button', { name: 'Next' }).click();
    expect(await w.getByText(/a certificate's CN holds at most 64/).count()).toBe(1);
    expect(await w.getByRole('heading', { name: 'Common name' }).isVisible()).toBe(true);

    await cn.fill(CN);
    expect(await alerts().count()).toBe(0);
    expect(await w.locator('[data-suffix-state]').getAttribute('data-suffix-state')).toBe('match');
    await w.getByRole('button', { name: 'Next' }).click();
  });

  it('Review shows the subject (most specific first), the SAN and the EKU the CSR carries', async () => {
    const w = wizard();
    await w.getByRole('heading', { name: 'Review' }).waitFor();
    expect(await w.getByTestId('review-subject').textContent()).toBe(`CN=${CN},OU=${AMT_OU},O=${ORG}`);
    // No second, reversed form of the name.
    expect(await w.getByText('/O=').count()).toBe(0);
    expect(await w.getByTestId('review-san').textContent()).toBe(`DNS Name=${CN}`);
    const eku = await w.getByTestId('review-eku').getByRole('listitem').allInnerTexts();
    expect(eku).toEqual(['Server Authentication (1.3.6.1.5.5.7.3.1)', `Intel AMT remote configuration (${AMT_OID})`]);

    // What the engine puts in the CSR: the same OIDs and the CN as the dNSName.
    const der = requestedExtensions(CN);
    const hex = der.toString('hex');
    const oidHex = (dotted: string) => {
      const parts = dotted.split('.').map(Number);
      const bytes = [40 * parts[0] + parts[1]];
      for (const n of parts.slice(2)) {
        const chunk = [n & 0x7f];
        for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
        bytes.push(...chunk);
      }
      return Buffer.from(bytes).toString('hex');
    };
    for (const item of eku) expect(hex).toContain(oidHex(/\(([\d.]+)\)$/.exec(item)![1]));
    expect(der.includes(Buffer.from(CN, 'latin1'))).toBe(true);

    await page.screenshot({ path: screenshotPath('e2e-request-wizard-review') });
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(screenshotPath('e2e-request-wizard-review'), join(ROOT, 'docs', 'screenshots', 'request-wizard.png'));
  });

  it('Review: a vault that stopped working while the wizard was hidden is said there, and Generate stays off', async () => {
    const w = wizard();
    const passphrase = process.env.CERTDESK_PASSPHRASE;
    setEnv('CERTDESK_PASSPHRASE', undefined);
    await nav('Requests').click();
    await nav('Request wizard').click();
    expect(await w.getByRole('heading', { name: 'Review' }).isVisible()).toBe(true);
    expect(await (await settledVault()).getAttribute('data-vault')).toBe('unavailable');
    const generate = w.getByRole('button', { name: 'Generate key and request' });
    expect(await generate.isDisabled()).toBe(true);
    setEnv('CERTDESK_PASSPHRASE', passphrase);
    await w.getByRole('button', { name: 'Check again' }).click();
    await w.locator('[data-testid="vault-state"]').waitFor({ state: 'detached' });
    expect(await generate.isDisabled()).toBe(false);
  });

  it('Cancel discards the entries and says nothing was created', async () => {
    const w = wizard();
    await w.getByRole('button', { name: 'Cancel' }).click();
    await w.getByRole('heading', { name: 'Name and key size' }).waitFor();
    expect(await w.getByRole('status').filter({ hasText: 'Cancelled: no key or request was created.' }).isVisible()).toBe(true);
    await w.getByRole('button', { name: 'Next' }).click();
    await w.getByRole('heading', { name: 'Organization' }).waitFor();
    expect(await w.getByRole('textbox', { name: 'Organization (DNS context):' }).inputValue()).toBe('');
    expect(await alerts().count()).toBe(0);
  });
});
