// Run-time schemas of the Windows operations' results. shared/contract/windows.ts declares the results as
// TypeScript interfaces only; these zod schemas say the same thing (the Same<> checks below fail to compile
// when one drifts from the other), strictly: no extra keys, numbers finite, enums closed. The engine's own
// parts of a verify result (leaf summary, AMT report) are checked for their shape, not field by field.
import { z } from 'zod';
import type {
  AclGrantResult,
  AclShowResult,
  AssociationDetectResult,
  AssociationLaunchResult,
  ElevationResult,
  ServiceListResult,
  StoreImportResult,
  VerifyResult,
} from '../shared/contract/windows';
import type { AmtReport, CertSummary } from '../shared/dto';
import type { WindowsOperationName } from './powershell-input';

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Same<A, B>): Same<A, B> => proof;

const Account = { name: z.string(), sid: z.string().nullable(), kind: z.enum(['LocalSystem', 'LocalService', 'NetworkService', 'virtual', 'managed', 'domain', 'local', 'sid', 'unknown']), message: z.string().optional() };
const ResolvedAccount = z.strictObject(Account);
const AccountAccess = z.strictObject({ ...Account, canRead: z.boolean(), via: z.string().nullable(), basis: z.enum(['token', 'well-known']) });
const Rule = z.strictObject({ identity: z.string(), sid: z.string().nullable(), rights: z.string(), type: z.enum(['Allow', 'Deny']), inherited: z.boolean(), read: z.boolean() });
const Key = z.strictObject({ thumbprint: z.string(), subject: z.string(), provider: z.enum(['CNG', 'CAPI']), providerName: z.string().nullable(), uniqueName: z.string(), keyFile: z.string() });

const StoreImport = z.strictObject({
  fileName: z.string().optional(),
  exportable: z.boolean(),
  certificates: z.array(
    z.strictObject({ thumbprint: z.string(), subject: z.string(), issuer: z.string(), store: z.string(), hasPrivateKey: z.boolean(), action: z.enum(['added', 'already-present', 'replaced', 'skipped']) }),
  ),
  keyThumbprint: z.string().nullable(),
});

const ServiceList = z.strictObject({
  all: z.boolean(),
  patterns: z.array(z.string()),
  services: z.array(
    z.strictObject({ name: z.string(), displayName: z.string(), state: z.string(), startMode: z.string(), account: ResolvedAccount, matched: z.boolean(), pathName: z.string().optional() }),
  ),
});

const AclShow = z.strictObject({ key: Key, owner: z.string().nullable(), rules: z.array(Rule), service: z.string().optional(), account: AccountAccess.optional() });
const AclGrant = z.strictObject({ key: Key, service: z.string().optional(), account: AccountAccess, before: z.array(Rule), after: z.array(Rule), changed: z.boolean(), verified: z.boolean() });

const Step = z.strictObject({
  id: z.enum(['in-store', 'private-key', 'chain-builds', 'root-in-catalogue', 'service-can-read', 'amt-checks']),
  status: z.enum(['pass', 'warn', 'fail']),
  message: z.string(),
  fix: z.string().optional(),
});
const Leaf = z.custom<CertSummary>((value) => typeof (value as CertSummary | null)?.sha256 === 'string' && typeof (value as CertSummary).subject === 'string');
const Amt = z.custom<AmtReport>((value) => typeof (value as AmtReport | null)?.ready === 'boolean' && Array.isArray((value as AmtReport).checks));
const Verify = z
  .strictObject({
    thumbprint: z.string(),
    ok: z.boolean(),
    steps: z.array(Step).min(1),
    store: z.string(),
    key: Key.nullable(),
    chain: z.array(z.strictObject({ thumbprint: z.string(), sha256: z.string(), subject: z.string(), status: z.array(z.string()) })),
    rootSha256: z.string().nullable(),
    rootName: z.string().nullable(),
    account: AccountAccess.optional(),
    leaf: Leaf.optional(),
    amt: Amt.optional(),
  })
  .refine((r) => r.ok === r.steps.every((s) => s.status !== 'fail'), 'ok is true exactly when no step fails')
  .refine((r) => r.steps[0].id === 'in-store', 'the first step is in-store');

const AssociationDetect = z.strictObject({
  loadCert: z.strictObject({ found: z.boolean(), path: z.string().nullable(), fileVersion: z.string().nullable(), searched: z.array(z.string()) }),
  guidance: z.array(z.string()).min(1),
  fallback: z.array(z.string()).min(1),
});
// A process id is a whole number (Windows: a DWORD).
const AssociationLaunch = z.strictObject({ launched: z.boolean(), path: z.string(), processId: z.number().int().min(0).max(0xffff_ffff).nullable() });
const Elevation = z.strictObject({ elevated: z.boolean(), user: z.string(), userSid: z.string(), psVersion: z.string(), osVersion: z.string() });

export const proofs = [
  same<z.infer<typeof StoreImport>, StoreImportResult>(true),
  same<z.infer<typeof ServiceList>, ServiceListResult>(true),
  same<z.infer<typeof AclShow>, AclShowResult>(true),
  same<z.infer<typeof AclGrant>, AclGrantResult>(true),
  same<z.infer<typeof Verify>, VerifyResult>(true),
  same<z.infer<typeof AssociationDetect>, AssociationDetectResult>(true),
  same<z.infer<typeof AssociationLaunch>, AssociationLaunchResult>(true),
  same<z.infer<typeof Elevation>, ElevationResult>(true),
];

export const windowsOutputSchemas: Record<WindowsOperationName, z.ZodType> = {
  'store.import': StoreImport,
  'service.list': ServiceList,
  'acl.show': AclShow,
  'acl.grant': AclGrant,
  verify: Verify,
  'association.detect': AssociationDetect,
  'association.launch': AssociationLaunch,
  'elevation.check': Elevation,
};
