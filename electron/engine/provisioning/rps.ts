// rps (Device Management Toolkit, device-management-toolkit/rps): the domain profile its admin API takes, and
// the checks its upload validator runs on it, in the same order, so the user learns here what rps would say.
//
// The shape (POST /api/v1/admin/domains; rps @ dbebd66):
//   src/models/index.ts:192-201   class AMTDomain { profileName, domainSuffix, provisioningCert?,
//                                 provisioningCertStorageFormat, provisioningCertPassword?, expirationDate, tenantId, version? }
//   swagger.yaml:1473-1500        DomainPOST: required profileName, domainSuffix, provisioningCertStorageFormat,
//                                 provisioningCert (format byte = base64), provisioningCertPassword
//   src/test/collections/rps.postman_collection.json:217  the example body: the PFX as base64, "raw", the
//                                 password, and "expirationDate"
//   src/routes/admin/domains/create.ts:19  tenantId is set by rps from the caller's tenant (whatever the body
//                                 says), so CertDesk does not write it; :34 expirationDate is recomputed from the
//                                 PFX when a secrets manager is used (CertDesk writes the same value: the earliest
//                                 notAfter of the chain, certManager.ts:410-418).
// The checks (src/routes/admin/domains/domain.ts): the validator chain at :18-43 and provisioningCertValidator at
// :62-79, which runs passwordChecker → domainSuffixChecker → expirationChecker → rootCertChecker → keySizeChecker →
// privateKeyChecker → chainIntegrityChecker → amtOidChecker and stops at the first that throws.
import type forge from 'node-forge';
import { PROFILE_NAME, type ServerRule } from '../../../shared/contract/provisioning';
import { forgeCn, hasEku, issuerHash, keyMatches, openWithForge, rsaBits, selfIssued, subjectHash, verifyChainWithForge } from './forge-pfx';
import { AMT_OID, RPS_COMMIT, rule, skipped } from './rules';

const DOMAIN_TS = `${RPS_COMMIT} src/routes/admin/domains/domain.ts`;
const CERT_MANAGER = `${RPS_COMMIT} src/certManager.ts`;

/** rps's limit on the PFX password (domain.ts:29, express-validator isLength counts characters). */
export const RPS_PASSWORD_MAX = 64;
/** rps orders at most this many certificates correctly for AMT (certManager.ts:65 and :137, dumpPfx). */
export const RPS_CHAIN_MAX = 4;

export interface RpsDomainProfile {
  profileName: string;
  domainSuffix: string;
  /** The PFX, base64 (storage format "raw"). */
  provisioningCert: string;
  provisioningCertStorageFormat: 'raw';
  provisioningCertPassword: string;
  /** Earliest notAfter of the certificates in the PFX (ISO 8601), as rps computes it. */
  expirationDate?: string;
}

export interface RpsJudgement {
  rules: ServerRule[];
  /** Earliest notAfter of the PFX's certificates (what rps stores as expirationDate). */
  expirationDate?: string;
}

/** The last two labels of a dotted name, as rps takes them (no lower-casing, trimmed). */
function lastTwoLabels(name: string): string | null {
  const labels = name.split('.');
  if (labels.length < 2) return null;
  return `${labels[labels.length - 2]}.${labels[labels.length - 1]}`.trim();
}

/** rps's upload rules for this PFX, password, profile name and domain suffix. */
export function judgeForRps(pfx: Buffer, password: string, profileName: string, domainSuffix: string, now: Date): RpsJudgement {
  const rules: ServerRule[] = [];
  rules.push(
    PROFILE_NAME.test(profileName)
      ? rule('profile-name', 'pass', `The profile name "${profileName}" uses only letters, digits, - and _.`, `${DOMAIN_TS}:19-24`)
      : rule('profile-name', 'fail', `The profile name "${profileName}" has characters rps refuses (it takes letters, digits, - and _ only).`, `${DOMAIN_TS}:19-24`, {
          fix: 'Choose a name with --name using only letters, digits, - and _.',
          serverSays: 'AMT Domain profile name accepts letters, numbers, hyphens (-), and underscores (_)',
        }),
  );
  const length = [...password].length;
  rules.push(
    length === 0
      ? rule('password', 'fail', 'The PFX has no password; rps requires one.', `${DOMAIN_TS}:25-30`, { fix: 'Export the PFX with a password.', serverSays: 'Provisioning Cert Password is required' })
      : length > RPS_PASSWORD_MAX
        ? rule('password', 'fail', `The PFX password is ${length} characters; rps accepts at most ${RPS_PASSWORD_MAX}.`, `${DOMAIN_TS}:25-30`, {
            fix: `Export the PFX again with a password of ${RPS_PASSWORD_MAX} characters or fewer.`,
            serverSays: 'Password should not exceed 64 characters in length',
          })
        : rule('password', 'pass', `The PFX password is ${length} characters (rps takes 1 to ${RPS_PASSWORD_MAX}).`, `${DOMAIN_TS}:25-30`),
  );
  rules.push(
    domainSuffix.trim()
      ? rule('domain-suffix-given', 'pass', `Domain suffix: ${domainSuffix}.`, `${DOMAIN_TS}:31`)
      : rule('domain-suffix-given', 'fail', 'No domain suffix: rps requires one.', `${DOMAIN_TS}:31`, { fix: 'Give --domain-suffix (the DHCP option 15 suffix of the AMT clients).', serverSays: 'Domain suffix name is required' }),
  );

  const opened = openWithForge(pfx, password);
  const later = ['domain-suffix', 'validity', 'root-present', 'rsa-2048', 'private-key', 'chain-signatures', 'amt-oid', 'chain-length'];
  if (!opened.ok) {
    rules.push(
      rule('pfx-opens', 'fail', `rps cannot open the PFX: ${opened.reason}.`, `${CERT_MANAGER}:175-197; ${DOMAIN_TS}:81-95`, {
        fix: 'Export the PFX with CertDesk (certdesk export-pfx) and upload that file.',
        serverSays: 'Unable to decrypt provisioning certificate. Please check that the password is correct, and that the certificate is a valid certificate.',
      }),
    );
    for (const id of later) rules.push(skipped(id, DOMAIN_TS, 'rps could not open the PFX'));
    return { rules };
  }
  const { certs, keys, undecodable, plainKeyBags } = opened.pfx;
  if (certs.length === 0) {
    rules.push(
      rule('pfx-opens', 'fail', `rps decodes no certificate in the PFX${undecodable ? ` (${undecodable} use a key type node-forge cannot read: rps needs RSA)` : ''}.`, `${CERT_MANAGER}:199-219`, {
        fix: 'Use an RSA certificate (2048 bits or more).',
        serverSays: 'No certificates could be parsed from the provisioning certificate. The certificate may use an unsupported public-key algorithm; an RSA-keyed certificate is required.',
      }),
    );
    for (const id of later) rules.push(skipped(id, DOMAIN_TS, 'rps decodes no certificate'));
    return { rules };
  }
  if (keys.length === 0) {
    rules.push(
      rule(
        'pfx-opens',
        'fail',
        plainKeyBags
          ? 'The private key is stored unencrypted (a PKCS#12 keyBag); rps reads only encrypted (pkcs8ShroudedKeyBag) keys.'
          : 'The PFX holds no private key; rps needs the key to sign the activation.',
        `${CERT_MANAGER}:221-234`,
        { fix: 'Export the PFX with its private key (CertDesk always encrypts it).', serverSays: 'No key bags found' },
      ),
    );
  } else {
    rules.push(
      rule('pfx-opens', 'pass', `rps opens the PFX: ${certs.length} certificate${certs.length === 1 ? '' : 's'} and ${keys.length} encrypted private key${keys.length === 1 ? '' : 's'}.`, `${CERT_MANAGER}:175-237`),
    );
  }

  // rps takes the first certificate of the file as the leaf (domain.ts:102, :162, :200; certManager.ts:99).
  const leaf = certs[0];
  const cn = forgeCn(leaf);
  if (cn === null) {
    rules.push(
      rule('domain-suffix', 'fail', 'The first certificate in the PFX has no CN; rps matches the domain suffix against the CN.', `${DOMAIN_TS}:97-107`, {
        fix: 'The leaf must come first in the PFX and carry the server FQDN as CN.',
        serverSays: 'Provisioning certificate does not contain a Common Name (CN) in the subject',
      }),
    );
  } else {
    const a = lastTwoLabels(cn);
    const b = lastTwoLabels(domainSuffix);
    rules.push(
      a !== null && a === b
        ? rule('domain-suffix', 'pass', `The CN ${cn} and the suffix ${domainSuffix} end in the same two labels (${a}).`, `${DOMAIN_TS}:97-124`)
        : rule(
            'domain-suffix',
            'fail',
            a !== null && b !== null && a.toLowerCase() === b.toLowerCase()
              ? `The CN ${cn} and the suffix ${domainSuffix} differ only in upper/lower case, and rps compares them exactly.`
              : `rps compares the last two labels of the CN (${a ?? cn}) with those of the domain suffix (${b ?? domainSuffix}), and they differ.`,
            `${DOMAIN_TS}:97-124`,
            { fix: `Give --domain-suffix the DHCP suffix the CN ${cn} is under, spelled as in the CN.`, serverSays: 'FQDN not associated with provisioning certificate' },
          ),
    );
  }

  const bad = certs.find((c) => c.validity.notBefore > now || c.validity.notAfter < now);
  rules.push(
    !bad
      ? rule('validity', 'pass', 'Every certificate in the PFX is within its validity period today.', `${DOMAIN_TS}:126-138`)
      : bad.validity.notBefore > now
        ? rule('validity', 'fail', `The certificate ${forgeCn(bad) ?? subjectHash(bad)} is not valid until ${bad.validity.notBefore.toISOString().slice(0, 10)}.`, `${DOMAIN_TS}:126-138`, {
            fix: 'Wait until it is valid, or check the server clock.',
            serverSays: `Uploaded certificate is not yet valid: notBefore date ${bad.validity.notBefore.toISOString()} is in the future`,
          })
        : rule('validity', 'fail', `The certificate ${forgeCn(bad) ?? subjectHash(bad)} expired on ${bad.validity.notAfter.toISOString().slice(0, 10)} (rps checks every certificate in the file, the CA certificates too).`, `${DOMAIN_TS}:126-138`, {
            fix: 'Renew it (certdesk request new …), or remove an expired CA certificate from the chain.',
            serverSays: 'Uploaded certificate has expired',
          }),
  );

  rules.push(
    certs.some(selfIssued)
      ? rule('root-present', 'pass', 'The PFX holds a self-signed root.', `${DOMAIN_TS}:140-145`)
      : rule('root-present', 'fail', 'The PFX has no self-signed root certificate; rps needs it to give AMT the root hash.', `${DOMAIN_TS}:140-145`, {
          fix: "Add the CA's chain (certdesk request complete ca-chain.p7b) and export again: CertDesk adds the root from its catalogue.",
          serverSays: 'Provisioning certificate does not contain a root certificate',
        }),
  );

  const small = certs.find((c) => rsaBits(c) < 2048);
  rules.push(
    !small
      ? rule('rsa-2048', 'pass', 'Every certificate has an RSA key of 2048 bits or more.', `${DOMAIN_TS}:147-156`)
      : rule('rsa-2048', 'fail', `The certificate ${forgeCn(small) ?? subjectHash(small)} has a ${rsaBits(small)}-bit key; rps refuses any key under 2048 bits in the chain.`, `${DOMAIN_TS}:147-156`, {
          fix: 'Use a chain whose every key is RSA 2048 or larger.',
          serverSays: `Certificate key size ${rsaBits(small)} bits is below the minimum required 2048 bits for AMT`,
        }),
  );

  if (keys.length === 0) {
    rules.push(skipped('private-key', DOMAIN_TS, 'the PFX has no key rps can read'));
  } else {
    const matchingIndex = certs.findIndex((c) => keyMatches(c, keys[0]));
    rules.push(
      keyMatches(leaf, keys[0])
        ? rule('private-key', 'pass', 'The private key belongs to the first certificate (the leaf).', `${DOMAIN_TS}:158-167`)
        : rule(
            'private-key',
            'fail',
            matchingIndex > 0
              ? `The private key belongs to certificate ${matchingIndex + 1} in the file, but rps takes the first certificate as the leaf.`
              : "The private key does not belong to the first certificate in the PFX.",
            `${DOMAIN_TS}:158-167`,
            { fix: 'Export the PFX with CertDesk: it writes the leaf first, with its own key.', serverSays: 'Private key in the PFX does not match the leaf certificate public key' },
          ),
    );
  }

  // The chain as rps builds it: from the first certificate, following issuer = subject, to a self-signed one.
  const chain: forge.pki.Certificate[] = [];
  const pool = certs.slice(1);
  let current: forge.pki.Certificate | undefined = leaf;
  let broken = false;
  while (current) {
    chain.push(current);
    if (selfIssued(current)) break;
    const issuer = issuerHash(current);
    const next = pool.findIndex((c) => subjectHash(c) === issuer);
    if (next < 0) {
      broken = true;
      break;
    }
    current = pool.splice(next, 1)[0];
  }
  if (certs.length <= 1) {
    rules.push(rule('chain-signatures', 'pass', 'A single certificate: nothing to verify (rps skips this check).', `${DOMAIN_TS}:169-171`));
  } else if (broken) {
    rules.push(
      rule('chain-signatures', 'fail', `The chain breaks after ${forgeCn(chain[chain.length - 1]) ?? 'a certificate'}: its issuer is not in the PFX.`, `${DOMAIN_TS}:173-186`, {
        fix: "Complete the chain (certdesk request complete ca-chain.p7b) and export again.",
        serverSays: 'Certificate chain is broken: cannot find issuer for a certificate in the chain',
      }),
    );
  } else {
    const problem = verifyChainWithForge(chain);
    rules.push(
      problem === null
        ? rule('chain-signatures', 'pass', `node-forge verifies the chain of ${chain.length} certificates, as rps does.`, `${DOMAIN_TS}:188-195`)
        : rule('chain-signatures', 'fail', `node-forge does not verify the chain: ${problem}.`, `${DOMAIN_TS}:188-195`, {
            fix: 'Check that each certificate was issued by the next one (and that CA certificates are marked as CAs).',
            serverSays: `Certificate chain signature verification failed: ${problem}`,
          }),
    );
  }

  rules.push(
    hasEku(leaf, AMT_OID)
      ? rule('amt-oid', 'pass', `The leaf's Extended Key Usage carries the AMT OID ${AMT_OID}.`, `${DOMAIN_TS}:198-205`)
      : rule(
          'amt-oid',
          'fail',
          `The leaf's Extended Key Usage lacks the AMT OID ${AMT_OID}. rps accepts only the OID: the OU "Intel(R) Client Setup Certificate" that AMT firmware, Intel SCS and MeshCentral accept is not enough for rps.`,
          `${DOMAIN_TS}:198-205`,
          {
            fix: `Ask the CA for a certificate with the Intel AMT EKU (${AMT_OID}); with an OU-only certificate use MeshCentral or Intel SCS instead.`,
            serverSays: `Leaf certificate is missing the Intel AMT Activation EKU OID (${AMT_OID})`,
          },
        ),
  );

  rules.push(
    certs.length <= RPS_CHAIN_MAX
      ? rule('chain-length', 'pass', `${certs.length} certificate${certs.length === 1 ? '' : 's'} (rps orders chains of up to ${RPS_CHAIN_MAX} for AMT).`, `${CERT_MANAGER}:64-67,136-154`)
      : rule(
          'chain-length',
          'fail',
          `The PFX holds ${certs.length} certificates; rps orders at most ${RPS_CHAIN_MAX} (leaf, two intermediates, root) for AMT, so activation sends a misordered chain.`,
          `${CERT_MANAGER}:64-67,136-154`,
          { fix: 'Export only the path from the leaf to the root AMT trusts (a cross-signed extra intermediate is the usual cause).' },
        ),
  );

  let earliest: Date | undefined;
  for (const c of certs) if (!earliest || c.validity.notAfter < earliest) earliest = c.validity.notAfter;
  return { rules, expirationDate: earliest?.toISOString() };
}

/** The JSON body of POST /api/v1/admin/domains. */
export function rpsDomainProfile(pfx: Buffer, password: string, profileName: string, domainSuffix: string, expirationDate?: string): RpsDomainProfile {
  return {
    profileName,
    domainSuffix,
    provisioningCert: pfx.toString('base64'),
    provisioningCertStorageFormat: 'raw',
    provisioningCertPassword: password,
    ...(expirationDate ? { expirationDate } : {}),
  };
}
