// Chain repair (issue [10] item 3): of the issuer paths the certificates at hand make (pki/chain-paths.ts), choose
// the one AMT will take and say, in one sentence each, why the others fail.
//
// AMT validates the chain the provisioning server sends, and rps, rpc-go and MeshCentral send the PFX's certificates
// as they are: a PFX that also carries a cross-signed intermediate (or a SHA-1 root) fails on AMT 16 even though the
// same leaf has a good SHA-2 path (device-management-toolkit/rpc-go #413, deployment #268: the 4-certificate Go Daddy
// chain fails on AMT 16, the 3-certificate one works). Intel KB 000090051 is the DigiCert case: from ME 16 (ME 15 on
// H platforms) no certificate of the chain may be SHA-1-based, the root included, so a chain to DigiCert Global
// Root CA must be replaced by one to Global Root G2. Only roots whose hash is in the firmware are trusted.
//
// Each path is judged by the readiness checks themselves (checks.ts runChecks, the rules of generations.ts), as a
// file holding exactly that path would be: nothing here restates a firmware rule. The best path is the one ready
// for the most asked generations (then for the most generations in service), SHA-2 throughout, complete to a root
// in firmware, then the shortest; ties keep the path the file itself presents.
import { createHash } from 'node:crypto';
import type { AmtReport, CertSummary, ChainPath, ChainPathLink, ChainRepair, CheckId, CheckStatus, GenerationVerdict } from '../../../shared/dto';
import { issuerPaths, type IssuerPath, type PathLimits, type PathSearch, type PoolCert } from '../pki/chain-paths';
import { summarize } from '../pki/summary';
import type { Certificate } from '../pki/x509';
import { runChecks } from './checks';
import { GENERATIONS, type Generation, spanName } from './generations';
import { findCatalogueEntry, isTrustedRootHash } from './roots';
import type { CheckInput } from './types';

/** The checks whose outcome depends on the certificates above the leaf: the ones a different path can change. */
const CHAIN_CHECKS: ReadonlySet<CheckId> = new Set(['key-type-size', 'signature-hash', 'validity', 'chain-complete', 'root-hash-trusted']);

/** What every path of one file is judged with: the file's facts and the user's judging inputs. */
export type PathJudging = Omit<CheckInput, 'leaf' | 'chain' | 'request' | 'chainComplete' | 'brokenSignatureAt' | 'rootFromCatalogue' | 'rootSha384'>;

export interface RepairContext {
  leaf: Certificate;
  /** The file's certificates, then the CA bundles', then the catalogue's roots (the first copy of a certificate wins). */
  pool: PoolCert[];
  /** The certificates the file itself holds. */
  fileCerts: Certificate[];
  /** The CA bundles given (file names). */
  bundles: string[];
  judging: PathJudging;
  /** The file's own verdict and the chain it was judged on (what the server sends today). */
  asIs: { report: AmtReport; chain: Certificate[]; complete: boolean };
  /** The repair-chain command line for this file and these inputs (shown, and named in the fixes). */
  command: string;
  limits?: Partial<PathLimits>;
}

/** One path with its verdict. */
interface Judged {
  path: IssuerPath;
  summaries: CertSummary[];
  report: AmtReport;
  index: number;
}

export interface RepairPlan {
  repair: ChainRepair;
  /** The chosen path's certificates (leaf first) and its verdict. */
  chosen: { certs: PoolCert[]; report: AmtReport; complete: boolean };
  search: PathSearch;
}

/** The paths alone (cheap: no judging), to decide whether a repair is worth reporting. */
export function findPaths(ctx: Pick<RepairContext, 'leaf' | 'pool' | 'limits'>): PathSearch {
  return issuerPaths(ctx.leaf, ctx.pool, ctx.limits);
}

const summaryCache = new WeakMap<Certificate, CertSummary>();

function summaryOf(cert: Certificate): CertSummary {
  let s = summaryCache.get(cert);
  if (!s) {
    s = summarize(cert);
    summaryCache.set(cert, s);
  }
  return s;
}

/** The path as a file holding exactly these certificates (the repaired file: the root inside it, never "from the catalogue"). */
function judge(path: IssuerPath, judging: PathJudging, index: number): Judged {
  const summaries = path.certs.map((p) => summaryOf(p.cert));
  const top = path.certs[path.certs.length - 1].cert;
  const report = runChecks({
    ...judging,
    leaf: summaries[0],
    chain: summaries,
    chainComplete: path.end === 'root' && path.signaturesValid,
    brokenSignatureAt: path.brokenAt,
    rootFromCatalogue: false,
    rootSha384: createHash('sha384').update(top.der).digest('hex').toUpperCase(),
  });
  return { path, summaries, report, index };
}

const WEAK = new Set(['SHA-1', 'MD5', 'MD4', 'MD2']);

const chainOk = (v: GenerationVerdict) => !v.failing.some((id) => CHAIN_CHECKS.has(id));

/** No chain check fails for any asked generation: what a different path can fix is fixed (the leaf's own checks aside). */
export function chainReady(report: AmtReport): boolean {
  return report.generations.filter((v) => v.asked).every(chainOk);
}
const askedOf = (r: AmtReport) => r.generations.filter((v) => v.asked);
const inServiceOf = (r: AmtReport) => r.generations.filter((v) => !v.proposed);
const count = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length;

function rootInFirmware(cert: Certificate, trusted: string[]): boolean {
  return isTrustedRootHash(cert.sha256, trusted) || isTrustedRootHash(cert.sha1, trusted);
}

function complete(j: Judged): boolean {
  return j.path.end === 'root' && j.path.signaturesValid;
}

/** Higher is better, compared term by term. */
function score(j: Judged, ctx: RepairContext, fileChain: string): number[] {
  const top = j.path.certs[j.path.certs.length - 1].cert;
  const asked = askedOf(j.report);
  const inService = inServiceOf(j.report);
  return [
    count(asked, (v) => v.ready),
    count(asked, chainOk),
    count(inService, (v) => v.ready),
    count(inService, chainOk),
    j.summaries.every((s) => !WEAK.has(s.signatureHash)) ? 1 : 0,
    complete(j) ? 1 : 0,
    complete(j) && rootInFirmware(top, ctx.judging.trustRootHashes) ? 1 : 0,
    -j.path.certs.length,
    j.path.certs.map((p) => p.cert.sha256).join() === fileChain ? 1 : 0,
    -count(j.path.certs, (p) => p.source !== 'file'),
    -j.index,
  ];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function nameOf(s: CertSummary): string {
  return s.subjectAttributes.find((a) => a.type === 'CN' || a.oid === '2.5.4.3')?.value ?? (s.subject || 'unnamed certificate');
}

const quoted = (s: CertSummary) => `"${nameOf(s)}"`;

/** "AMT 16 and later", "AMT 11 and AMT 16 and later": generations in words, consecutive ones as one span. */
function gensWords(gens: Generation[]): string {
  const runs: Generation[][] = [];
  for (const g of gens) {
    const last = runs[runs.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && prev.to !== null && prev.to + 1 === g.from) last.push(g);
    else runs.push([g]);
  }
  const words = runs.map((r) => spanName(r));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The shipped generations, in order, for which `test` holds. */
const shipped = (test: (g: Generation) => boolean) => GENERATIONS.filter((g) => !g.proposed && test(g));

/** "refuses" for one generation named in the singular ("AMT 11"), "refuse" otherwise ("AMT 16 and later"). */
const verb = (gens: Generation[]) => (gens.length === 1 && gens[0].to !== null && gens[0].from === gens[0].to ? 'refuses' : 'refuse');

const day = (iso: string) => iso.slice(0, 10);

function linkOf(p: PoolCert, s: CertSummary, crossSigned: ReadonlySet<string>): ChainPathLink {
  return {
    sha256: s.sha256,
    name: nameOf(s),
    subject: s.subject,
    issuer: s.issuer,
    source: p.source,
    ...(p.source === 'bundle' && p.origin ? { bundle: p.origin } : {}),
    signatureHash: s.signatureHash,
    selfSigned: s.selfSigned,
    crossSigned: crossSigned.has(p.cert.sha256),
  };
}

function describe(j: Judged, ctx: RepairContext, crossSigned: ReadonlySet<string>): ChainPath {
  const top = j.path.certs[j.path.certs.length - 1];
  const topSummary = j.summaries[j.summaries.length - 1];
  return {
    certificates: j.summaries.map((s) => s.sha256),
    links: j.path.certs.map((p, i) => linkOf(p, j.summaries[i], crossSigned)),
    end: j.path.end,
    ...(j.path.end === 'root'
      ? { root: { name: nameOf(topSummary), sha256: topSummary.sha256, inFirmware: rootInFirmware(top.cert, ctx.judging.trustRootHashes) } }
      : {}),
    readyFor: j.report.generations.filter((v) => v.ready && (!v.proposed || v.asked)).map((v) => v.name),
    ready: j.report.ready,
    sha2: j.summaries.every((s) => !WEAK.has(s.signatureHash)),
  };
}

/** Why `alt` was not chosen over `chosen`: one sentence, the first difference that matters to AMT. */
function reasonFor(alt: Judged, chosen: Judged, ctx: RepairContext, crossSigned: ReadonlySet<string>): string {
  const onChosen = new Set(chosen.path.certs.map((p) => p.cert.sha256));
  const last = alt.summaries.length - 1;
  const top = alt.summaries[last];
  const firstNew = alt.path.certs.findIndex((p) => !onChosen.has(p.cert.sha256));
  const through =
    firstNew > 0 && firstNew < last
      ? `The path through ${crossSigned.has(alt.path.certs[firstNew].cert.sha256) ? 'the cross-signed ' : ''}${quoted(alt.summaries[firstNew])}`
      : null;
  const subject = through ?? (alt.path.end === 'root' ? `The path ending at ${quoted(top)}` : `The path that stops at ${quoted(top)}`);

  if (alt.path.end === 'issuer-missing') {
    const where = `neither the file${ctx.bundles.length ? ', the CA bundle' : ''} nor the AMT root catalogue`;
    const nameOnly = alt.path.nameOnly[0] ? ` (${quoted(summaryOf(alt.path.nameOnly[0].cert))} has its name but not the key that signed it)` : '';
    return `${through ? `${through} stops at ${quoted(top)}` : `The path stops at ${quoted(top)}`}: its issuer (${top.issuer}) is in ${where}${nameOnly}, so AMT cannot verify the chain.`;
  }
  if (alt.path.end === 'too-long') {
    return `${subject} is longer than ${alt.path.certs.length} certificates; CertDesk did not follow it further, and no provisioning server sends such a chain.`;
  }
  if (!alt.path.signaturesValid) {
    return `${through ? `${through} ends at ${quoted(top)}, whose` : `${subject} fails there:`} own signature does not verify (a damaged or altered root certificate).`;
  }

  // SHA-1 (or older) on the path where the chosen one has none: the firmware rule of generations.ts says who refuses it.
  const chosenSha2 = chosen.summaries.every((s) => !WEAK.has(s.signatureHash));
  const weakAt = alt.summaries.findIndex((s) => WEAK.has(s.signatureHash));
  if (chosenSha2 && weakAt >= 0) {
    const weak = alt.summaries[weakAt];
    const isRoot = weakAt === last && weak.selfSigned;
    const refusing = shipped((g) => (isRoot ? g.refusedHashes : g.refusedBelowRoot).has(weak.signatureHash));
    const who = refusing.length ? gensWords(refusing) : 'AMT 16 and later';
    if (isRoot) {
      return through
        ? `${through} ends at ${quoted(weak)}, which signs itself with ${weak.signatureHash}: ${who} ${verb(refusing)} it (Intel KB 000090051).`
        : `${subject} is refused by ${who}: ${quoted(weak)} signs itself with ${weak.signatureHash} (Intel KB 000090051).`;
    }
    return `${subject} includes ${quoted(weak)}, signed with ${weak.signatureHash}: ${who} ${verb(refusing)} ${weak.signatureHash} anywhere in the chain (Intel KB 000090051).`;
  }

  // Generations where this path fails a check the chosen one passes: name the first such check in words.
  const worse = (id: CheckId) =>
    GENERATIONS.filter((g, i) => {
      const a = alt.report.generations[i];
      const c = chosen.report.generations[i];
      return (!g.proposed || a.asked) && a.failing.includes(id) && !c.failing.includes(id);
    });

  const keyGens = worse('key-type-size');
  if (keyGens.length) {
    const g = keyGens[0];
    const small = alt.summaries.slice(1).find((s) => s.keyAlgorithm === 'RSA' && (s.keySize ?? 0) > 0 && (s.keySize ?? 0) < g.minRsaBits);
    if (small) return `${subject} includes ${quoted(small)} with an RSA ${small.keySize}-bit key: ${gensWords(keyGens)} ${verb(keyGens)} keys under ${g.minRsaBits} bits.`;
  }
  const rootGens = worse('root-hash-trusted');
  if (rootGens.length) {
    const entry = findCatalogueEntry(top.sha256);
    const end = through ? `${through} ends at ${quoted(top)}` : subject;
    if (entry?.firmware) return `${end}, whose hash is not in the firmware of ${gensWords(rootGens)} (its range: ${entry.firmware.source}).`;
    return `${end}, whose hash is not among the roots ${gensWords(rootGens)} firmware trusts${ctx.judging.deviceHashes ? ' (nor active in the device\'s list)' : ''}.`;
  }
  const dateGens = worse('validity');
  if (dateGens.length) {
    const now = ctx.judging.now.getTime();
    const bad = alt.summaries.find((s) => now > Date.parse(s.notAfter) || now < Date.parse(s.notBefore));
    if (bad) {
      return now > Date.parse(bad.notAfter)
        ? `${subject} includes ${quoted(bad)}, which expired on ${day(bad.notAfter)}.`
        : `${subject} includes ${quoted(bad)}, which is not valid until ${day(bad.notBefore)}.`;
    }
  }
  const anyGens = GENERATIONS.filter((g, i) => (!g.proposed || alt.report.generations[i].asked) && !alt.report.generations[i].ready && chosen.report.generations[i].ready);
  if (anyGens.length) {
    const reason = alt.report.generations[GENERATIONS.indexOf(anyGens[0])].reason ?? 'a check fails';
    return `${subject} is not ready for ${gensWords(anyGens)}: ${reason}.`;
  }

  // Same readiness: the tie-breakers, in the order the choice applies them.
  const altLength = alt.path.certs.length;
  const chosenLength = chosen.path.certs.length;
  const works = alt.report.ready ? 'also works' : 'is no better';
  if (altLength > chosenLength) {
    return `${subject} ${works}, but it is ${altLength} certificates long where the chosen path has ${chosenLength}${altLength > 4 ? ' (rps takes at most 4)' : ''}.`;
  }
  if (alt.path.certs.some((p) => p.source !== 'file') && chosen.path.certs.every((p) => p.source === 'file')) {
    return `${subject} ${works}, but the chosen path needs nothing beyond the file's own certificates.`;
  }
  return `${subject} ${works}; the chosen path is as good and is the one the file already presents.`;
}

/** Judges every path, chooses, and explains: the `amt.chainRepair` document and the chosen path. */
export function planChainRepair(ctx: RepairContext, search: PathSearch = findPaths(ctx)): RepairPlan {
  const judged = search.paths.map((path, i) => judge(path, ctx.judging, i));
  const fileChain = ctx.asIs.chain.map((c) => c.sha256).join();
  const scores = new Map(judged.map((j) => [j, score(j, ctx, fileChain)]));
  const ranked = [...judged].sort((a, b) => compare(scores.get(b)!, scores.get(a)!));
  const [best, ...rest] = ranked;
  const { crossSigned } = search;

  const onBest = new Set(best.path.certs.map((p) => p.cert.sha256));
  const fileSet = new Set(ctx.fileCerts.map((c) => c.sha256));
  const alternatives = rest.map((j) => ({ ...describe(j, ctx, crossSigned), reason: reasonFor(j, best, ctx, crossSigned) }));

  const seenDropped = new Set<string>();
  const dropped: ChainRepair['dropped'] = [];
  for (const cert of ctx.fileCerts) {
    if (onBest.has(cert.sha256) || cert.sha256 === ctx.leaf.sha256 || seenDropped.has(cert.sha256)) continue;
    seenDropped.add(cert.sha256);
    const s = summaryOf(cert);
    const alt = alternatives.find((a) => a.certificates.includes(s.sha256));
    dropped.push({
      sha256: s.sha256,
      name: nameOf(s),
      issuer: s.issuer,
      crossSigned: crossSigned.has(cert.sha256),
      reason: alt ? alt.reason : `It is not on any issuer path of ${quoted(best.summaries[0])} (another certificate that happens to be in the file).`,
    });
  }
  const added: ChainRepair['added'] = best.path.certs
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !fileSet.has(p.cert.sha256))
    .map(({ p, i }) => {
      const s = best.summaries[i];
      const below = quoted(best.summaries[i - 1] ?? s);
      const reason =
        p.source === 'bundle'
          ? `The issuer of ${below}, from the CA bundle ${p.origin ?? ''}: the file does not hold it.`.replace(' :', ':')
          : `The root ${quoted(s)}, the issuer of ${below}, from CertDesk's AMT root catalogue: the file does not hold it, and rps and rpc-go need the root inside the PFX (rpc-go error 126).`;
      return { sha256: s.sha256, name: nameOf(s), source: p.source, ...(p.source === 'bundle' && p.origin ? { bundle: p.origin } : {}), reason };
    });

  const changed = dropped.length > 0 || added.length > 0;
  const asIsSummaries = ctx.asIs.chain.map(summaryOf);
  const asIsScore = [
    count(askedOf(ctx.asIs.report), (v) => v.ready),
    count(askedOf(ctx.asIs.report), chainOk),
    count(inServiceOf(ctx.asIs.report), (v) => v.ready),
    count(inServiceOf(ctx.asIs.report), chainOk),
    asIsSummaries.every((s) => !WEAK.has(s.signatureHash)) ? 1 : 0,
    ctx.asIs.complete ? 1 : 0,
  ];
  const better = changed && compare(scores.get(best)!.slice(0, asIsScore.length), asIsScore) > 0;

  return {
    repair: {
      chosen: describe(best, ctx, crossSigned),
      alternatives,
      changed,
      better,
      dropped,
      added,
      bundles: ctx.bundles,
      truncated: search.truncated,
      command: ctx.command,
    },
    chosen: { certs: best.path.certs, report: best.report, complete: complete(best) },
    search,
  };
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

/**
 * The file's verdict with a pointer to the repair: each chain check that the chosen path does better gets one more
 * sentence in its fix (the verdict itself still judges the chain the file presents).
 */
export function pointToRepair(report: AmtReport, plan: RepairPlan): AmtReport {
  if (!plan.repair.better) return report;
  const chosenChecks = new Map(plan.chosen.report.checks.map((c) => [c.id, c.status]));
  const names = plan.repair.chosen.links.map((l) => `"${l.name}"`).join(' → ');
  const ready = plan.repair.chosen.readyFor.length ? ` (ready for ${plan.repair.chosen.readyFor.join(', ')})` : '';
  const note = `Or repair the chain: the certificates at hand also make the path ${names}${ready}; \`${plan.repair.command}\` writes ${/\.p7b"?$/.test(plan.repair.command) ? 'a .p7b with' : 'a PFX with the key and'} exactly that path.`;
  return {
    ...report,
    checks: report.checks.map((c) =>
      CHAIN_CHECKS.has(c.id) && c.status !== 'pass' && RANK[chosenChecks.get(c.id) ?? 'fail'] < RANK[c.status] ? { ...c, fix: c.fix ? `${c.fix} ${note}` : note } : c,
    ),
  };
}
