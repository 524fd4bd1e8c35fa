// Step 3: import into the Local Computer store. A dry run shows the engine's placement plan; on Windows, what
// each certificate became. An incomplete chain is refused unless the user ticks "Import anyway".
import type { CertSummary } from '../../../../../shared/dto';
import { STORE_NAMES, type PlacementEntry, type StoreImportDryRun, type StoreImportOutcome, type StoreImportResult } from '../../../../../shared/contract/windows';
import { Busy, ErrorLine, FormError } from '../../../components/Progress';
import type { Pfx } from '../installState';
import { STEP } from '../installState';
import { PowerShellDisclosure } from '../PowerShellDisclosure';
import type { InstallWizard } from '../useInstallWizard';
import { DryRunNote, NavButtons } from './parts';

export function Import({ wizard, pfx }: { wizard: InstallWizard; pfx: Pfx }) {
  const { state, dryRun } = wizard;
  const importRun = state.runs.import;
  return (
    <div>
      <PfxFacts pfx={pfx} />
      <p className="rw-intro">
        Import into the <strong>Local Computer</strong> store. CertDesk decides where each certificate goes and the script does exactly that:
        the certificate with the key → Personal, the intermediates of its chain → Intermediate Certification Authorities, the chain&apos;s own
        root → Trusted Root Certification Authorities; any other certificate in the file is skipped. The key is not marked exportable.
      </p>
      <button type="button" className="btn btn-primary" disabled={Boolean(importRun && !importRun.error)} onClick={() => void wizard.runImport()}>
        {dryRun ? 'Import (dry run)' : 'Import'}
      </button>
      {importRun?.busy && <Busy text="Importing…" />}
      <ErrorLine error={importRun?.error} />
      {importRun?.error?.code === 'incomplete-chain' && (
        <label className="check-label iw-anyway">
          <input type="checkbox" checked={state.importAnyway} onChange={(e) => wizard.setImportAnyway(e.target.checked)} />
          Import anyway, without the CA chain: AMT cannot verify the certificate until the issuing CA and root are in the store (rpc-go/RPS refuse
          such a certificate)
        </label>
      )}
      {importRun?.error && importRun.error.code !== 'incomplete-chain' && (
        <p className="hint">The password is forgotten after each import attempt: go Back to Password to try again.</p>
      )}
      {((importRun?.result as StoreImportOutcome | undefined)?.warnings ?? []).map((w) => (
        <p key={w} className="form-warning" role="alert">
          {w}
        </p>
      ))}
      {importRun?.result && <ImportResultTable result={importRun.result} />}
      {importRun?.preview && !importRun.result && !importRun.error && (
        <DryRunNote>
          <p>CertDesk&apos;s placement plan: the script would import exactly this (nothing was imported).</p>
          {((importRun.preview as Partial<StoreImportDryRun>).warnings ?? []).map((w) => (
            <p key={w} className="form-warning" role="alert">
              {w}
            </p>
          ))}
          <PlanTable plan={(importRun.preview as Partial<StoreImportDryRun>).plan ?? []} known={[...pfx.chain, ...pfx.others]} />
        </DryRunNote>
      )}
      {importRun?.preview && <PowerShellDisclosure preview={importRun.preview} />}
      <FormError text={state.stepError} />
      <NavButtons onBack={() => wizard.goTo(STEP.password)} onNext={wizard.next} />
    </div>
  );
}

function PfxFacts({ pfx }: { pfx: Pfx }) {
  const leaf = pfx.chain[0];
  const count = pfx.chain.length + pfx.others.length;
  return (
    <dl className="kv iw-facts">
      <div>
        <dt>{pfx.source.kind === 'file' ? 'File' : 'From'}</dt>
        <dd>{pfx.source.kind === 'file' ? pfx.fileName : `Request ${pfx.source.requestId}, exported as ${pfx.fileName} when it is imported`}</dd>
      </div>
      <div>
        <dt>Certificate</dt>
        <dd>{leaf?.subject}</dd>
      </div>
      <div>
        <dt>Thumbprint</dt>
        <dd>
          <code data-testid="thumbprint">{pfx.thumbprint}</code>
        </dd>
      </div>
      <div>
        <dt>In the file</dt>
        <dd>
          {count} certificate(s), private key
          {pfx.amt && (
            <>
              ; AMT readiness: {pfx.amt.ready ? 'ready' : `not ready (${pfx.amt.checks.filter((c) => c.status === 'fail').length} problem(s))`}
            </>
          )}
        </dd>
      </div>
    </dl>
  );
}

/** The engine's placement plan (store.import dry run): each certificate, its store as certlm.msc names it, and why. */
function PlanTable({ plan, known }: { plan: PlacementEntry[]; known: CertSummary[] }) {
  const thumbprint = (sha256: string) => known.find((c) => c.sha256.toUpperCase() === sha256)?.sha1.toUpperCase() ?? `SHA-256 ${sha256}`;
  return (
    <table className="iw-table" aria-label="Certificates and stores" data-testid="placement-plan">
      <thead>
        <tr>
          <th scope="col">Certificate</th>
          <th scope="col">Thumbprint</th>
          <th scope="col">Store</th>
          <th scope="col">Action</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {plan.map((p) => (
          <tr key={p.sha256}>
            <th scope="row">
              {p.subject}
              {p.store === 'My' && <span className="iw-key"> (with private key)</span>}
            </th>
            <td>
              <code className="iw-thumb">{thumbprint(p.sha256)}</code>
            </td>
            <td>{p.store ? `${STORE_NAMES[p.store]} (LocalMachine\\${p.store})` : '—'}</td>
            <td>{p.action === 'import' ? 'would add' : 'skip'}</td>
            <td>{p.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PlacementTable({ rows }: { rows: { thumbprint: string; subject: string; store: string; hasPrivateKey: boolean; action: string }[] }) {
  return (
    <table className="iw-table" aria-label="Certificates and stores">
      <thead>
        <tr>
          <th scope="col">Certificate</th>
          <th scope="col">Thumbprint</th>
          <th scope="col">Store</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.thumbprint}-${r.store}`}>
            <th scope="row">
              {r.subject}
              {r.hasPrivateKey && <span className="iw-key"> (with private key)</span>}
            </th>
            <td>
              <code className="iw-thumb">{r.thumbprint}</code>
            </td>
            <td>{r.store}</td>
            <td>{r.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const ACTION_TEXT: Record<string, string> = { added: 'added', 'already-present': 'already present', replaced: 'replaced (now with its key)' };

function ImportResultTable({ result }: { result: StoreImportResult }) {
  return (
    <div className="iw-result">
      <p role="status">
        Imported into the Local Computer store{result.exportable ? ' (key exportable)' : ' (key not exportable)'}.
      </p>
      <PlacementTable rows={result.certificates.map((c) => ({ ...c, action: ACTION_TEXT[c.action] ?? c.action }))} />
    </div>
  );
}
