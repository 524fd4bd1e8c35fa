// MeshCentral (Ylianst/MeshCentral): the `AmtAcmActivation` certificate entry of a domain in config.json, and the
// rules its loader applies when the server starts, so the user learns here what would otherwise be a line in
// MeshCentral's start-up log (and a silent fallback to client control mode, MeshCentral issues #1297/#8119).
//
// The entry (MeshCentral docs, "Intel AMT" guide, "Activation Certificate Setup"; certoperations.js @ 15e1718,
// loadIntelAmtAcmCerts): config.json → domains → "<domain>" → AmtAcmActivation → { log, certs: { <name>: entry } },
// where entry is either { certpfx: "<file in meshcentral-data>", certpfxpass: "<password>" } (PFX) or
// { certfiles: [leaf first, …], keyfile } (PEM). A name starting with "_" is skipped. Paths are relative to the
// meshcentral-data folder. MeshCentral lower-cases config keys, so "AmtAcmActivation" = "amtacmactivation".
//
// The loader's rules, in its order (certoperations.js, loadIntelAmtAcmCerts and loadPfxCertificate):
//   certpfx and certpfxpass both strings; the PFX opens with node-forge (strict), certificate bags and
//   pkcs8ShroudedKeyBag only → at least 2 certificates → exactly one key → ordering from a self-signed root down
//   through every certificate ("Unable to order … to create a full chain") → the key matches the leaf (n and e) →
//   the leaf has the OID 2.16.840.1.113741.1.2.3 in its EKU or the OU exactly "Intel(R) Client Setup Certificate"
//   → the root's SHA-256/SHA-1 → the leaf has a CN, reduced by the per-TLD depth table to the name devices match.
// MeshCentral does not check validity dates, key sizes or hash algorithms: AMT does (CertDesk's own readiness).
import type forge from 'node-forge';
import type { ServerRule } from '../../../shared/contract/provisioning';
import { TLD_DEPTH } from '../../../shared/dns-suffix';
import { derOf, forgeCn, forgeOu, hasEku, issuerHash, keyMatches, openWithForge, selfIssued, subjectHash } from './forge-pfx';
import { AMT_OID, AMT_OU, MESHCENTRAL_COMMIT, rule, skipped } from './rules';
import { createHash } from 'node:crypto';

const LOADER = `${MESHCENTRAL_COMMIT} certoperations.js loadIntelAmtAcmCerts`;
const PFX_LOADER = `${MESHCENTRAL_COMMIT} certoperations.js loadPfxCertificate`;

export interface MeshCentralEntry {
  certpfx: string;
  certpfxpass: string;
}

/** A config.json fragment to merge: the domain "" (the default domain) with one activation certificate. */
export interface MeshCentralConfigFragment {
  domains: Record<string, { AmtAcmActivation: { log: string; certs: Record<string, MeshCentralEntry> } }>;
}

export interface MeshCentralJudgement {
  rules: ServerRule[];
  /** The name MeshCentral matches a device's trusted FQDN against. */
  matchName?: string;
  rootSha256?: string;
}

/** MeshCentral's match name: the CN cut to the TLD table's depth (all labels kept for a TLD not in the table). */
export function meshCentralMatchName(cn: string): string {
  const labels = cn.split('.');
  const depth = TLD_DEPTH[labels[labels.length - 1].toLowerCase()];
  return depth ? labels.slice(-depth).join('.') : cn;
}

/**
 * The chain as MeshCentral orders it: start with a self-signed certificate, then repeatedly any certificate issued by
 * the last one placed, until every certificate is placed; null when a pass places nothing (cannot be ordered).
 */
export function meshCentralOrder(certs: forge.pki.Certificate[]): forge.pki.Certificate[] | null {
  const ordered: forge.pki.Certificate[] = [];
  let current: string | null = null;
  while (ordered.length < certs.length) {
    let placed = false;
    for (const cert of certs) {
      const fits = current === null ? selfIssued(cert) : !selfIssued(cert) && issuerHash(cert) === current;
      if (fits) {
        current = subjectHash(cert);
        ordered.unshift(cert);
        placed = true;
      }
    }
    if (!placed) return null;
  }
  return ordered;
}

export function judgeForMeshCentral(pfx: Buffer, password: string, entryName: string): MeshCentralJudgement {
  const rules: ServerRule[] = [];
  rules.push(
    entryName.startsWith('_')
      ? rule('entry-name', 'fail', `MeshCentral skips certificate entries whose name starts with "_" ("${entryName}").`, LOADER, { fix: 'Choose another --name.' })
      : rule('entry-name', 'pass', `Entry name "${entryName}".`, LOADER),
  );
  const later = ['two-certificates', 'one-key', 'chain-order', 'key-matches-leaf', 'oid-or-ou', 'common-name'];
  const opened = openWithForge(pfx, password);
  if (!opened.ok || opened.pfx.keys.length === 0) {
    const why = !opened.ok
      ? opened.reason
      : opened.pfx.plainKeyBags
        ? 'its key is stored unencrypted (keyBag); MeshCentral reads only encrypted (pkcs8ShroudedKeyBag) keys'
        : 'it holds no encrypted private key';
    rules.push(
      rule('pfx-opens', 'fail', `MeshCentral cannot load the PFX: ${why}.`, PFX_LOADER, {
        fix: 'Export the PFX with CertDesk (key encrypted, full chain) and point certpfx at it.',
        serverSays: 'Unable to load certificate file: <path>.',
      }),
    );
    for (const id of later) rules.push(skipped(id, LOADER, 'MeshCentral could not load the PFX'));
    return { rules };
  }
  const { certs, keys } = opened.pfx;
  rules.push(rule('pfx-opens', 'pass', `MeshCentral loads the PFX: ${certs.length} certificate${certs.length === 1 ? '' : 's'}, ${keys.length} encrypted key${keys.length === 1 ? '' : 's'}.`, PFX_LOADER));
  rules.push(
    certs.length >= 2
      ? rule('two-certificates', 'pass', `${certs.length} certificates (MeshCentral needs the leaf and its chain: at least 2).`, LOADER)
      : rule('two-certificates', 'fail', `The PFX holds ${certs.length} certificate; MeshCentral needs the leaf and its chain up to the root (at least 2).`, LOADER, {
          fix: "Complete the chain (certdesk request complete ca-chain.p7b) and export again.",
          serverSays: 'Certificate file contains less then 2 certificates: <path>.',
        }),
  );
  if (certs.length < 2) {
    for (const id of later.slice(1)) rules.push(skipped(id, LOADER, 'MeshCentral stops at the certificate count'));
    return { rules };
  }
  rules.push(
    keys.length === 1
      ? rule('one-key', 'pass', 'Exactly one private key.', LOADER)
      : rule('one-key', 'fail', `The PFX holds ${keys.length} private keys; MeshCentral takes exactly one.`, LOADER, {
          fix: 'Export a PFX with only the leaf key.',
          serverSays: 'Certificate file must contain exactly one private key: <path>.',
        }),
  );
  if (keys.length !== 1) {
    for (const id of later.slice(2)) rules.push(skipped(id, LOADER, 'MeshCentral stops at the key count'));
    return { rules };
  }
  const ordered = meshCentralOrder(certs);
  if (!ordered) {
    rules.push(
      rule(
        'chain-order',
        'fail',
        certs.some(selfIssued)
          ? 'MeshCentral cannot order the certificates into one chain: a certificate in the PFX is not on the path from the root to the leaf.'
          : 'MeshCentral cannot order the certificates into one chain: there is no self-signed root in the PFX.',
        LOADER,
        { fix: 'Export only the leaf and its chain up to the root (CertDesk export-pfx does).', serverSays: 'Unable to order Intel AMT ACM activation certificates to create a full chain.' },
      ),
    );
    for (const id of later.slice(3)) rules.push(skipped(id, LOADER, 'MeshCentral stops when the chain cannot be ordered'));
    return { rules };
  }
  rules.push(rule('chain-order', 'pass', `MeshCentral orders the ${ordered.length} certificates from the leaf to a self-signed root.`, LOADER));
  const leaf = ordered[0];
  if (!keyMatches(leaf, keys[0])) {
    rules.push(
      rule('key-matches-leaf', 'fail', `The private key does not belong to the leaf ${forgeCn(leaf) ?? ''}.`.replace(' .', '.'), LOADER, {
        fix: "Export the PFX with the leaf's own key.",
        serverSays: 'Intel AMT activation certificate provided with a mismatching private key.',
      }),
    );
    for (const id of later.slice(4)) rules.push(skipped(id, LOADER, 'MeshCentral stops at the key mismatch'));
    return { rules };
  }
  rules.push(rule('key-matches-leaf', 'pass', 'The private key belongs to the leaf.', LOADER));
  const oid = hasEku(leaf, AMT_OID);
  const ou = forgeOu(leaf) === AMT_OU;
  if (!oid && !ou) {
    const actualOu = forgeOu(leaf);
    rules.push(
      rule(
        'oid-or-ou',
        'fail',
        `The leaf has neither the AMT OID ${AMT_OID} in its EKU nor the OU "${AMT_OU}"${actualOu ? ` (its OU is "${actualOu}"; MeshCentral compares it exactly)` : ''}.`,
        LOADER,
        {
          fix: 'Request the certificate with the AMT OID or the exact OU (certdesk request new does both).',
          serverSays: `Intel AMT activation certificate must have usage OID "${AMT_OID}" or organization name "${AMT_OU}".`,
        },
      ),
    );
    rules.push(skipped('common-name', LOADER, 'MeshCentral stops at the OID/OU rule'));
    return { rules };
  }
  rules.push(rule('oid-or-ou', 'pass', oid ? `The leaf carries the AMT OID ${AMT_OID}.` : `The leaf's OU is exactly "${AMT_OU}" (MeshCentral accepts the OU in place of the OID).`, LOADER));
  const root = ordered[ordered.length - 1];
  const rootSha256 = createHash('sha256').update(derOf(root)).digest('hex').toUpperCase();
  const cn = forgeCn(leaf);
  if (cn === null) {
    rules.push(
      rule('common-name', 'fail', 'The leaf has no CN; MeshCentral matches devices by the CN.', LOADER, {
        fix: 'The leaf needs the provisioning server FQDN as CN.',
        serverSays: 'Unable to get Intel AMT activation certificate common name.',
      }),
    );
    return { rules, rootSha256 };
  }
  const matchName = meshCentralMatchName(cn);
  rules.push(
    rule('common-name', 'pass', `MeshCentral activates devices whose trusted FQDN (DHCP option 15) is ${matchName} or ends in .${matchName}.`, LOADER),
  );
  return { rules, matchName, rootSha256 };
}

export function meshCentralFragment(entryName: string, pfxFileName: string, password: string): MeshCentralConfigFragment {
  return {
    domains: {
      '': {
        AmtAcmActivation: {
          log: 'amtactivation.log',
          certs: { [entryName]: { certpfx: pfxFileName, certpfxpass: password } },
        },
      },
    },
  };
}
