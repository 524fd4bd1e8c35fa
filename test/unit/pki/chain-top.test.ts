// The top of a chain: a missing issuer is told apart from a signature that does not verify, in buildChain
// (ChainLink.issuerMissing) and in what inspect hands the AMT checks (brokenSignatureAt).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { amtHierarchy, Pki } from '../../support/openssl';
import type * as checksModule from '../../../electron/engine/amt/checks';
import type { CheckInput } from '../../../electron/engine/amt/types';
import { inspectBytes } from '../../../electron/engine/inspect';
import { buildChain } from '../../../electron/engine/pki/chain';
import { parseCertificate } from '../../../electron/engine/pki/x509';

const seen = vi.hoisted(() => ({ inputs: [] as unknown[] }));
vi.mock('../../../electron/engine/amt/checks', async (importOriginal) => {
  const actual = await importOriginal<typeof checksModule>();
  return {
    ...actual,
    runChecks: (input: CheckInput) => {
      seen.inputs.push(input);
      return actual.runChecks(input);
    },
  };
});

let pki: Pki;
let h: ReturnType<typeof amtHierarchy>;
beforeAll(() => {
  pki = new Pki();
  h = amtHierarchy(pki);
});
afterAll(() => pki.cleanup());
beforeEach(() => {
  seen.inputs = [];
});

const pem = (...files: string[]) => Buffer.from(files.map((f) => pki.read(f).toString()).join(''));

/** inspect a PEM bundle: the result and the input the AMT checks were given. */
function inspect(bytes: Buffer) {
  const result = inspectBytes({ fileName: 'bundle.pem', bytes });
  expect(seen.inputs).toHaveLength(1);
  return { result, input: seen.inputs[0] as CheckInput };
}

const chainCheck = (r: ReturnType<typeof inspectBytes>) => r.amt.checks.find((c) => c.id === 'chain-complete')!;

describe('the top of the chain', () => {
  it('leaf + intermediate, root absent: the issuer is missing, no signature is called broken', () => {
    // openssl agrees: the intermediate's issuer cannot be found.
    const verify = pki.run(['verify', '-CAfile', h.intermediate.cert, '-partial_chain', h.leaf.cert]).toString();
    expect(verify).toMatch(/OK/);
    const [leaf, inter] = [h.leaf, h.intermediate].map((i) => parseCertificate(pki.der(i.cert)));

    const r = buildChain([leaf, inter], []);
    expect(r.chain.map((l) => l.cert.sha256)).toEqual([leaf.sha256, inter.sha256]);
    expect(r.chain.map((l) => l.signatureValid)).toEqual([true, false]);
    expect(r.chain.map((l) => l.issuerMissing)).toEqual([false, true]);
    expect(r.complete).toBe(false);

    const { result, input } = inspect(pem(h.leaf.cert, h.intermediate.cert));
    expect(input.brokenSignatureAt).toBeUndefined();
    expect(input.chainComplete).toBe(false);
    expect(result.chain.map((c) => c.sha256)).toEqual([leaf.sha256, inter.sha256]);
    const check = chainCheck(result);
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/is missing/);
    expect(check.message).not.toMatch(/does not verify/);
  });

  it('a leaf alone whose issuer is absent: issuer missing', () => {
    const r = buildChain([parseCertificate(pki.der(h.leaf.cert))], []);
    expect(r.chain).toHaveLength(1);
    expect(r.chain[0].issuerMissing).toBe(true);
    const { input } = inspect(pem(h.leaf.cert));
    expect(input.brokenSignatureAt).toBeUndefined();
  });

  it('a root whose self-signature was tampered with: a broken signature at the top, not a missing issuer', () => {
    const der = pki.der(h.root.cert);
    const bad = Buffer.from(der);
    bad[bad.length - 5] ^= 0x01; // inside the signature value
    const badPem = `-----BEGIN CERTIFICATE-----\n${bad.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
    // openssl refuses the tampered root's own signature.
    pki.run(['x509', '-inform', 'DER', '-out', 'bad-root.pem'], bad);
    const verify = spawnVerify(['-CAfile', 'bad-root.pem', '-check_ss_sig', 'bad-root.pem']);
    expect(verify).toMatch(/signature failure/i);

    const chainPem = Buffer.concat([pem(h.leaf.cert, h.intermediate.cert), Buffer.from(badPem)]);
    const { result, input } = inspect(chainPem);
    expect(result.chain).toHaveLength(3);
    expect(input.brokenSignatureAt).toBe(2);
    expect(input.chainComplete).toBe(false);
    const r = buildChain([h.leaf.cert, h.intermediate.cert].map((f) => parseCertificate(pki.der(f))).concat(parseCertificate(bad)), []);
    expect(r.chain[2].issuerMissing).toBe(false);
    expect(r.chain[2].signatureValid).toBe(false);
    expect(chainCheck(result).message).toMatch(/does not verify with its own key/);
  });

  it('a renewed CA certificate signed by the old key (same name, AKI ≠ SKI), old key absent: issuer missing', () => {
    // "old-with-new": the subject and issuer name are the same, the AKI names the old key.
    const oldRoot = pki.root('roll-old', { subject: '/CN=Roll CA' });
    const renewed = pki.issue('roll-new', oldRoot, { subject: '/CN=Roll CA', profile: 'intermediate' });
    const leaf = pki.issue('roll-leaf', renewed, { subject: '/CN=roll.corp.example.com', profile: 'amt' });
    const certs = [leaf, renewed].map((i) => parseCertificate(pki.der(i.cert)));
    const r = buildChain(certs, []);
    expect(r.chain.map((l) => l.cert.sha256)).toEqual(certs.map((c) => c.sha256));
    expect(r.chain.map((l) => l.issuerMissing)).toEqual([false, true]);
    const { input } = inspect(pem(leaf.cert, renewed.cert));
    expect(input.brokenSignatureAt).toBeUndefined();
    // With the old root present, the chain is complete through it.
    const full = buildChain([...certs, parseCertificate(pki.der(oldRoot.cert))], []);
    expect(full.complete).toBe(true);
    expect(full.chain.map((l) => l.issuerMissing)).toEqual([false, false, false]);
  });
});

function spawnVerify(args: string[]): string {
  try {
    return pki.run(['verify', ...args]).toString();
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`;
  }
}
