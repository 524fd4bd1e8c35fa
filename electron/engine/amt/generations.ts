// AMT firmware generations: the rules that change the readiness verdict from one firmware major to the next.
// One row per generation, each rule with its source (details in ../../../docs/amt-generations.md). The checks
// read a row; nothing else in the engine knows firmware versions.
import type { GenerationVerdict } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';

export interface Generation {
  id: string;
  /** How people say it: "AMT 11", "AMT 12–15", "AMT 16 and later". */
  name: string;
  /** Firmware majors covered, inclusive; `to` null = open-ended. */
  from: number;
  to: number | null;
  /** Rules announced but not shipped: listed, never part of the default verdict. */
  proposed: boolean;
  /** Smallest RSA key anywhere in the chain (leaf included). */
  minRsaBits: number;
  /** Smallest RSA key for the leaf itself (AMT 22 proposal: RSA-2048 leaves refused). */
  minLeafRsaBits: number;
  /** Leaf key types accepted, with their minimum size (EC: curve bits). */
  leafEc: { allowed: false } | { allowed: true; minBits: number };
  /** Signature hashes refused anywhere in the chain, the root's own signature included. */
  refusedHashes: ReadonlySet<string>;
  /** Hashes refused for the leaf and intermediates only (the root's self-signature is not covered by a source). */
  refusedBelowRoot: ReadonlySet<string>;
  /** Why these rules: one line each, with the source. */
  sources: readonly string[];
}

const ANCIENT = ['MD2', 'MD4', 'MD5'];

// Intel AMT SDK rootcertificatehashes.htm: "ME 11.0 removed the default SHA-1 hashes". ConfigMgr out-of-band docs:
// provisioning keys of 1024 and 2048 bits (4096 from AMT 6.0). Firmware before ME 16 accepts SHA-1 in the chain.
const BEFORE_16 = {
  proposed: false,
  minRsaBits: 1024,
  minLeafRsaBits: 1024,
  leafEc: { allowed: false } as const,
  refusedHashes: new Set<string>(),
  refusedBelowRoot: new Set(ANCIENT),
};

export const GENERATIONS: readonly Generation[] = [
  {
    id: 'amt-11',
    name: 'AMT 11',
    from: 11,
    to: 11,
    ...BEFORE_16,
    sources: [
      'Intel AMT SDK rootcertificatehashes.htm: ME 11.0 removed the default SHA-1 root hashes; SHA-1 signatures in the chain still work.',
      'device-management-toolkit/rps issue #1108: roots added after AMT 11 (DigiCert Global Root G2 and others) are not in AMT 11 firmware.',
    ],
  },
  {
    id: 'amt-12-15',
    name: 'AMT 12–15',
    from: 12,
    to: 15,
    ...BEFORE_16,
    sources: [
      'device-management-toolkit/rps issue #1108: a certificate for AMT 12 or higher (newer root) fails on AMT 11.',
      'Intel AMT SDK rootcertificatehashes.htm: ME 15 on H platforms already follows the ME 16 rules (no SHA-1, RSA ≥ 2048 in the whole chain).',
    ],
  },
  {
    id: 'amt-16',
    name: 'AMT 16 and later',
    from: 16,
    to: null,
    proposed: false,
    minRsaBits: 2048,
    minLeafRsaBits: 2048,
    leafEc: { allowed: false },
    refusedHashes: new Set(['SHA-1', ...ANCIENT]),
    refusedBelowRoot: new Set(['SHA-1', ...ANCIENT]),
    sources: [
      'Intel AMT SDK rootcertificatehashes.htm: from ME 16 (ME 15 on H platforms) no SHA-1 anywhere in the chain, the root\'s own signature included, and no RSA key under 2048 bits.',
      'Intel KB 000090051 and device-management-toolkit/rpc-go #413: chains through a SHA-1 root fail on AMT 16.',
    ],
  },
  {
    id: 'amt-22-proposed',
    name: 'AMT 22 (proposed)',
    from: 22,
    to: null,
    proposed: true,
    minRsaBits: 3072,
    minLeafRsaBits: 3072,
    leafEc: { allowed: true, minBits: 384 },
    refusedHashes: new Set(['SHA-1', ...ANCIENT]),
    refusedBelowRoot: new Set(['SHA-1', 'SHA-256', 'SHA-224', ...ANCIENT]),
    sources: [
      'device-management-toolkit deployment ADR "AMT22 support" (2026-10-12, a proposal) and deployment issue #605: RSA-2048, ECC-256 and SHA-256 disallowed; SHA-384 and 3072-bit RSA (or ECC-384) instead. Not shipped firmware: shown, never part of the default verdict.',
    ],
  },
];

/** The generations still in service: the default verdict covers all of them. */
export function inServiceGenerations(): Generation[] {
  return GENERATIONS.filter((g) => !g.proposed);
}

export function coversMajor(g: Generation, major: number): boolean {
  return major >= g.from && (g.to === null || major <= g.to);
}

/** The oldest firmware major CertDesk judges; older firmware is out of Intel support and its rules are not sourced. */
export const OLDEST_MAJOR = GENERATIONS[0].from;

/**
 * The generations the asked firmware majors fall in (any of "16", "16.1.27", "AMT 16"). None asked: every
 * generation in service. A version in a proposed generation also selects the shipped generation that covers it.
 */
export function selectGenerations(versions: readonly (string | number)[] | undefined): Generation[] {
  if (!versions || versions.length === 0) return inServiceGenerations();
  const picked = new Set<Generation>();
  for (const raw of versions) {
    const text = String(raw).trim();
    const match = /^(?:amt\s*)?(\d{1,3})(?:\.\d+){0,3}$/i.exec(text);
    if (!match) {
      throw new CertDeskError('usage', `"${text.slice(0, 40)}" is not an AMT firmware version: give its major number, for example 11, 12, 16 or 19.`);
    }
    const major = Number(match[1]);
    if (major < OLDEST_MAJOR) {
      throw new CertDeskError(
        'usage',
        `AMT ${major} is older than the firmware CertDesk judges (AMT ${OLDEST_MAJOR} and later): Intel's sources for its rules are not available, and Intel no longer supports it.`,
      );
    }
    for (const g of GENERATIONS) if (coversMajor(g, major)) picked.add(g);
  }
  return GENERATIONS.filter((g) => picked.has(g));
}

/** "AMT 11–15", "AMT 16 and later": the span of consecutive shipped generations, as one phrase. */
export function spanName(gens: readonly Generation[]): string {
  if (gens.length === 1) return gens[0].name;
  const from = gens[0].from;
  const to = gens[gens.length - 1].to;
  if (to === null) return `AMT ${from} and later`;
  return from === to ? `AMT ${from}` : `AMT ${from}–${to}`;
}

/** Runs of consecutive shipped generations with the same readiness, in order. */
export function readinessRuns(verdicts: readonly GenerationVerdict[], gens: readonly Generation[]): { ready: boolean; gens: Generation[]; verdicts: GenerationVerdict[] }[] {
  const runs: { ready: boolean; gens: Generation[]; verdicts: GenerationVerdict[] }[] = [];
  gens.forEach((g, i) => {
    const v = verdicts[i];
    const last = runs[runs.length - 1];
    const adjacent = last && last.gens[last.gens.length - 1].to !== null && last.gens[last.gens.length - 1].to! + 1 === g.from;
    if (last && last.ready === v.ready && adjacent) {
      last.gens.push(g);
      last.verdicts.push(v);
    } else runs.push({ ready: v.ready, gens: [g], verdicts: [v] });
  });
  return runs;
}
