// The DNS-suffix planner: how many provisioning certificates the clients' DHCP option 15 suffixes need, with which
// subject, on which server. Pure: same matching rules as the dns-suffix check (dns.ts).
import type { PlanCertificate, PlanResult } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { matchSuffix, registrableDomain, type SuffixRule, validateHostname, validateSuffix } from './dns';
import { AMT_PROVISIONING_OID, AMT_SETUP_OU } from './checks';

export interface PlanInput {
  /** DHCP option 15 suffixes the AMT clients get. */
  suffixes: string[];
  /** FQDNs of the provisioning servers (Intel SCS/RCS, RPS, …). */
  servers?: string[];
  /** O of the subject; default: the DNS context (the suffix, or the shared domain). */
  organization?: string;
}

type Serves = { suffix: string; rule: SuffixRule }[];

function servesOf(cn: string, suffixes: string[]): Serves {
  const out: Serves = [];
  for (const suffix of suffixes) {
    const m = matchSuffix([cn], suffix);
    if (m.match) out.push({ suffix, rule: m.rule! });
  }
  return out;
}

/** The DNS context for O: the one suffix, else the registrable domain or longest common parent of all served. */
function dnsContext(serves: Serves): string {
  const list = serves.map((s) => s.suffix);
  if (list.length === 1) return list[0];
  const domains = new Set(list.map((s) => registrableDomain(s)));
  if (domains.size === 1 && !domains.has(null)) return [...domains][0]!;
  const split = list.map((s) => s.split('.').reverse());
  const common: string[] = [];
  for (let i = 0; split.every((l) => i < l.length && l[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.length >= 2 ? common.reverse().join('.') : list[0];
}

function listOf(items: string[], what: string): string[] {
  if (items === undefined) return [];
  if (!Array.isArray(items)) throw new CertDeskError('usage', `${what} must be a list.`);
  return items;
}

/**
 * Groups the suffixes one certificate can serve and says how many certificates are needed: one per given server
 * that serves at least one suffix (Intel SCS 3.x holds one certificate per provisioning server), plus a proposed
 * `provisioning.<suffix>` certificate for each group of suffixes no given server serves.
 */
export function planCertificates(input: PlanInput): PlanResult {
  if (!input || typeof input !== 'object') throw new CertDeskError('usage', 'The planner needs the clients\' DNS suffixes.');
  const suffixes = [...new Set(listOf(input.suffixes, 'suffixes').map(validateSuffix))];
  if (!suffixes.length) {
    throw new CertDeskError('usage', 'Give at least one DNS suffix: the DHCP option 15 value your AMT clients get.');
  }
  const servers = [...new Set(listOf(input.servers ?? [], 'servers').map(validateHostname))];
  if (input.organization !== undefined && (typeof input.organization !== 'string' || !input.organization.trim())) {
    throw new CertDeskError('usage', 'The organization (O) must be non-empty text when given.');
  }
  const organization = input.organization?.trim();
  const certificates: PlanCertificate[] = [];
  const notes: string[] = [];
  const make = (cn: string, serves: Serves, server: string): PlanCertificate => ({
    commonName: cn,
    organization: organization ?? dnsContext(serves),
    organizationalUnit: AMT_SETUP_OU,
    serves,
    server,
  });

  for (const server of servers) {
    const serves = servesOf(server, suffixes);
    if (serves.length) certificates.push(make(server, serves, server));
    else notes.push(`${server} is not under any of the suffixes and shares no registrable domain with them, so a certificate for it cannot serve these clients.`);
  }

  // Suffixes no given server serves: propose provisioning.<suffix>, deepest suffix first so its name also covers parents.
  let open = suffixes.filter((s) => !certificates.some((c) => c.serves.some((x) => x.suffix === s)));
  open = open.sort((a, b) => b.split('.').length - a.split('.').length);
  while (open.length) {
    const cn = `provisioning.${open[0]}`;
    const serves = servesOf(cn, open);
    certificates.push(make(cn, serves, cn));
    notes.push(
      `No provisioning server was given for ${serves.map((s) => s.suffix).join(', ')}: CN ${cn} is a proposal — use the real FQDN of the server that will hold the certificate (it must be under ${open[0]}${serves.length > 1 ? ' or share its registrable domain' : ''}).`,
    );
    open = open.filter((s) => !serves.some((x) => x.suffix === s));
  }

  for (const s of suffixes) {
    const holders = certificates.filter((c) => c.serves.some((x) => x.suffix === s));
    if (holders.length > 1) notes.push(`${s} is served by ${holders.length} certificates (${holders.map((h) => h.server).join(', ')}); each server needs its own.`);
    if (holders.length && holders.every((h) => h.serves.find((x) => x.suffix === s)!.rule === 'second-level-domain')) {
      notes.push(`${s} is served only by AMT's second-level-domain rule (same registrable domain); outside .com/.net that needs AMT 4.1/5.1 or later.`);
    }
  }
  notes.unshift(
    `${certificates.length} certificate${certificates.length === 1 ? '' : 's'} needed for ${suffixes.length} suffix${suffixes.length === 1 ? '' : 'es'}.`,
    'Intel SCS 3.x holds one certificate per provisioning server: each certificate goes on the server named in it.',
    `Each request: CN = the server's FQDN, O = the DNS context, OU = "${AMT_SETUP_OU}"; ask the CA for Enhanced Key Usage Server Authentication plus ${AMT_PROVISIONING_OID} (Open AMT RPS requires the OID), an RSA 2048-bit key and SHA-256, from a CA whose root is in AMT firmware.`,
  );
  return { certificates, notes };
}
