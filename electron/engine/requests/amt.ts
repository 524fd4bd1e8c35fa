// The engine's readiness checks, as the requests feature uses them: the report after `request complete`
// and the key-size warning of `request new`. The facts live in electron/engine/amt/checks.ts.
import type { AmtReport, CertSummary, RequestSummary } from '../../../shared/dto';
import { runChecks } from '../amt/checks';

export interface CompletedFacts {
  leaf: CertSummary;
  chain: CertSummary[];
  chainComplete: boolean;
  brokenSignatureAt?: number;
  rootFromCatalogue: boolean;
  dnsSuffixes?: string[];
}

/** AMT readiness of a completed request: the key is in the vault and matches the leaf. */
export function completedReport(facts: CompletedFacts, now = new Date()): AmtReport {
  const report = runChecks({
    format: 'x509-der',
    leaf: facts.leaf,
    chain: facts.chain,
    hasPrivateKey: true,
    keyMatchesLeaf: true,
    keySource: 'vault',
    chainComplete: facts.chainComplete,
    brokenSignatureAt: facts.brokenSignatureAt,
    rootFromCatalogue: facts.rootFromCatalogue,
    dnsSuffixes: facts.dnsSuffixes ?? [],
    trustRootHashes: [],
    now,
  });
  // The chain of a completed request is what CertDesk stored, not a file exported from MMC: the fix is to give
  // CertDesk the CA's chain, not to export again with "Include all certificates in the certification path".
  if (!facts.chainComplete) {
    for (const check of report.checks) {
      if ((check.id === 'chain-complete' || check.id === 'root-hash-trusted') && check.status === 'fail' && check.fix) check.fix = CHAIN_FIX;
    }
  }
  return report;
}

/** How to give a completed request its CA chain, from the CLI and in the app. */
export const CHAIN_FIX =
  "Add the CA's chain (issuing CA and root, e.g. the CA's .p7b): certdesk request complete <ca-chain.p7b> — or with the certificate, " +
  'certdesk request complete <issued.cer> --chain <ca-chain.p7b>; in the app: Requests, "Add CA chain…".';

/** The `key-type-size` check's message when it does not pass (e.g. 3072/4096 bits), else undefined. */
export function keySizeWarning(request: RequestSummary, now = new Date()): string | undefined {
  const report = runChecks({
    format: 'pkcs10',
    leaf: null,
    chain: [],
    request,
    hasPrivateKey: true,
    chainComplete: false,
    rootFromCatalogue: false,
    dnsSuffixes: [],
    trustRootHashes: [],
    now,
  });
  const check = report.checks.find((c) => c.id === 'key-type-size');
  return check && check.status !== 'pass' ? check.message : undefined;
}
