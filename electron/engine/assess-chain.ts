// The one place that turns a built chain into what the AMT checks judge. inspect (a file), verify (the chain
// Windows built from the store) and a completed request (the chain CertDesk stored) all go through it, so a
// rule such as "a missing issuer is not a broken signature" cannot differ between them.
import { createHash } from 'node:crypto';
import type { CertSummary } from '../../shared/dto';
import type { CheckInput } from './amt/types';
import { summarize } from './pki/summary';
import type { ChainResult } from './pki/types';

/** The chain part of a CheckInput, with the summaries of the certificates off the chain. */
export interface ChainFacts extends Pick<CheckInput, 'chain' | 'chainComplete' | 'brokenSignatureAt' | 'rootFromCatalogue' | 'rootSha384' | 'keyMatchesLeaf'> {
  leaf: CertSummary | null;
  chain: CertSummary[];
  others: CertSummary[];
}

export function assessChain(built: ChainResult): ChainFacts {
  const chain = built.chain.map((link) => summarize(link.cert));
  // A link whose issuer is absent has nothing to verify against: chain-complete reports it as missing, not broken.
  const broken = built.chain.findIndex((link) => !link.signatureValid && !link.issuerMissing);
  const top = built.chain[built.chain.length - 1]?.cert;
  return {
    leaf: chain[0] ?? null,
    chain,
    others: built.others.map(summarize),
    chainComplete: built.complete,
    brokenSignatureAt: broken >= 0 ? broken : undefined,
    rootFromCatalogue: built.chain.some((link) => link.fromCatalogue),
    rootSha384: top ? createHash('sha384').update(top.der).digest('hex').toUpperCase() : undefined,
    keyMatchesLeaf: built.keyMatchesLeaf,
  };
}
