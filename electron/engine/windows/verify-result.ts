// The verify report: the script's facts about this machine (store, key, ACL, the chain Windows built) plus the
// engine's judgement of that chain through assessChain(), as the steps the CLI and the Install wizard show.
import type { VerifyResult, VerifyStep } from '../../../shared/contract/windows';
import type { AmtReport, CertSummary } from '../../../shared/dto';
import { runChecks } from '../amt/checks';
import { catalogueCertificates, findCatalogueEntry } from '../amt/roots';
import { assessChain } from '../assess-chain';
import { buildChain } from '../pki/chain';
import { parseCertificate } from '../pki/x509';
import { grantCommand } from './guidance';
import { asArray, type Json, obj, str, toAccess, toChainElement, toKey } from './results';

/** The engine's view of the installed chain: summaries and the nine AMT checks (null when unreadable). */
export function engineReport(derBase64: string[], hasPrivateKey: boolean, dnsSuffixes: string[], now = new Date()): { leaf: CertSummary; amt: AmtReport } | null {
  try {
    const certs = derBase64.map((b64) => parseCertificate(Buffer.from(b64, 'base64')));
    if (certs.length === 0) return null;
    const built = buildChain(certs, [], catalogueCertificates());
    if (!built.leaf || built.leaf.sha256 !== certs[0].sha256) return null;
    const { others: _others, ...facts } = assessChain(built);
    const amt = runChecks({
      format: 'x509-der',
      ...facts,
      hasPrivateKey,
      // Windows links the key to the certificate in the store: a key present is this certificate's key.
      keyMatchesLeaf: hasPrivateKey ? true : undefined,
      dnsSuffixes,
      trustRootHashes: [],
      now,
    });
    return { leaf: facts.chain[0], amt };
  } catch {
    return null;
  }
}

export interface VerifyRequest {
  thumbprint: string;
  service?: string;
  account?: string;
  dnsSuffixes: string[];
}

/** The verify report: the script's facts about this machine plus the engine's AMT checks, as steps. */
export function buildVerifyResult(raw: Json, request: VerifyRequest, now = new Date()): VerifyResult {
  const steps: VerifyStep[] = [];
  const thumbprint = request.thumbprint;
  const found = raw.found === true;
  const hasKey = raw.hasPrivateKey === true;
  const key = raw.key ? toKey(raw.key) : null;
  const chainRaw = obj(raw.chain);
  const elements = asArray(chainRaw.elements).map(toChainElement);
  const top = elements.at(-1);
  const chainStatus = asArray(chainRaw.status).map((s) => str(s)).filter(Boolean);
  // PartialChain: Windows could not find the issuer of the top element, so the top is not a root.
  const rootIsSelfSigned = Boolean(top && !top.status.includes('PartialChain') && !chainStatus.includes('PartialChain'));
  const rootSha256 = top && rootIsSelfSigned ? top.sha256 : null;
  const root = rootSha256 ? findCatalogueEntry(rootSha256) : undefined;
  const account = raw.account ? toAccess(raw.account) : undefined;
  const importFix = 'Import the full-chain PFX into the Local Computer store: certdesk store import <file.pfx>';

  if (!found) {
    steps.push({ id: 'in-store', status: 'fail', message: `No certificate with thumbprint ${thumbprint} in LocalMachine\\My.`, fix: importFix });
    return { thumbprint, ok: false, steps, store: 'LocalMachine\\My', key: null, chain: [], rootSha256: null, rootName: null };
  }
  steps.push({ id: 'in-store', status: 'pass', message: `The certificate is in LocalMachine\\My.` });

  if (hasKey && key) steps.push({ id: 'private-key', status: 'pass', message: `It has its private key (${key.provider}: ${key.keyFile}).` });
  else if (hasKey) steps.push({ id: 'private-key', status: 'fail', message: `Windows says the certificate has a private key, but the key file was not found: ${str(raw.keyError, 'unknown error')}`, fix: 'Import the PFX again (certdesk store import), which puts the key in the machine key store.' });
  else steps.push({ id: 'private-key', status: 'fail', message: 'The certificate in the store has no private key.', fix: 'Import the PFX (with its key) rather than the .cer: certdesk store import <file.pfx>' });

  if (chainRaw.built === true) steps.push({ id: 'chain-builds', status: 'pass', message: `The chain builds on this machine (${elements.length} certificates).` });
  else {
    steps.push({ id: 'chain-builds', status: 'fail', message: `The chain does not build on this machine${chainStatus.length ? `: ${chainStatus.join(', ')}` : ''}.`, fix: importFix + ' (it places the intermediates in CA and the root in Root).' });
  }

  if (root) steps.push({ id: 'root-in-catalogue', status: 'pass', message: `The root is in the AMT firmware catalogue: ${root.name}.` });
  else if (rootSha256) steps.push({ id: 'root-in-catalogue', status: 'fail', message: `The root (SHA-256 ${rootSha256}) is not one of the AMT firmware root hashes.`, fix: 'Use a certificate from a CA whose root is in AMT firmware (certdesk roots), or add the root hash to each device (MEBx / USB setup).' });
  else steps.push({ id: 'root-in-catalogue', status: 'fail', message: 'The chain on this machine does not reach a root certificate.', fix: importFix });

  if (account) {
    const who = request.service ? `The service ${request.service} (${account.name})` : `The account ${account.name}`;
    if (account.sid === null) steps.push({ id: 'service-can-read', status: 'fail', message: account.message ?? `${who} does not resolve on this machine.` });
    else if (account.canRead) steps.push({ id: 'service-can-read', status: 'pass', message: `${who} can read the private key (${account.via ?? 'allowed'}).` });
    else steps.push({ id: 'service-can-read', status: 'fail', message: `${who} cannot read the private key${account.via ? ` (${account.via})` : ''}.`, fix: grantCommand(thumbprint, request.service, request.account) });
  } else if (request.service || request.account) {
    steps.push({ id: 'service-can-read', status: 'fail', message: `Key access could not be checked: ${str(raw.keyError, 'the key file was not found')}.` });
  } else {
    steps.push({ id: 'service-can-read', status: 'warn', message: 'No service or account was named, so key access was not checked.', fix: 'Add --service <name> (see certdesk service list).' });
  }

  const certificateBase64 = str(raw.certificateBase64);
  const ders = elements.length ? elements.map((e) => e.rawBase64).filter(Boolean) : certificateBase64 ? [certificateBase64] : [];
  const engine = engineReport(ders, hasKey, request.dnsSuffixes, now);
  if (engine) {
    const failed = engine.amt.checks.filter((c) => c.status === 'fail').map((c) => c.id);
    const warned = engine.amt.checks.filter((c) => c.status === 'warn').map((c) => c.id);
    if (failed.length) steps.push({ id: 'amt-checks', status: 'fail', message: `AMT readiness checks failed: ${failed.join(', ')}.`, fix: 'See the checks below (or certdesk check on the PFX).' });
    else steps.push({ id: 'amt-checks', status: warned.length ? 'warn' : 'pass', message: warned.length ? `AMT readiness checks pass with warnings: ${warned.join(', ')}.` : 'All AMT readiness checks pass.' });
  } else {
    steps.push({ id: 'amt-checks', status: 'warn', message: 'The engine could not read the installed certificate, so the AMT checks did not run.' });
  }

  return {
    thumbprint,
    ok: steps.every((s) => s.status !== 'fail'),
    steps,
    store: 'LocalMachine\\My',
    key,
    chain: elements.map(({ thumbprint: t, sha256, subject, status }) => ({ thumbprint: t, sha256, subject, status })),
    rootSha256,
    rootName: root?.name ?? null,
    ...(account ? { account } : {}),
    ...(engine ? { leaf: engine.leaf, amt: engine.amt } : {}),
  };
}
