// "Export for rps / MeshCentral…" (issue [10] item 2): a self-contained button + panel for a completed request.
// The server's own rules are shown (provisioning.check) before anything is written (provisioning.export); the
// file itself goes to the download manager / save dialog (shared/contract/files.ts), never to this page.
import { useState } from 'react';
import type { ProvisioningCheckResult, ProvisioningTarget } from '../../../shared/contract/provisioning';
import type { RequestInfo } from '../../../shared/contract/requests';
import type { ErrorInfo } from '../../../shared/errors';
import { deliverFile } from '../lib/download';
import { toUiError } from '../lib/errors';

export function ProvisioningExportButton({ request }: { request: RequestInfo }) {
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<ProvisioningTarget>('rps');
  const [password, setPassword] = useState('');
  const [suffix, setSuffix] = useState('');
  const [check, setCheck] = useState<ProvisioningCheckResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState<string[]>([]);
  const input = (part?: 'pfx' | 'config') => ({
    source: { kind: 'request' as const, idOrThumbprint: request.id },
    target,
    password,
    ...(suffix ? { domainSuffix: suffix } : {}),
    ...(part ? { part } : {}),
  });
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(toUiError(e));
    }
  };
  if (!open) {
    return (
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)} aria-label={`Export ${request.cn} for rps or MeshCentral`}>
        Export for rps / MeshCentral…
      </button>
    );
  }
  return (
    <div className="provisioning-export" role="group" aria-label="Export for a provisioning server">
      <label>
        Server{' '}
        <select value={target} onChange={(e) => { setTarget(e.target.value as ProvisioningTarget); setCheck(null); }}>
          <option value="rps">rps (Device Management Toolkit)</option>
          <option value="meshcentral">MeshCentral</option>
        </select>
      </label>{' '}
      <label>
        PFX password <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
      </label>{' '}
      {target === 'rps' && (
        <label>
          Domain suffix <input value={suffix} onChange={(e) => setSuffix(e.target.value)} placeholder="from the CN" />
        </label>
      )}{' '}
      <button type="button" className="btn btn-small" disabled={!password} onClick={() => run(async () => setCheck(await window.certdesk['provisioning.check'](input())))}>
        Check rules
      </button>
      <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
        Close
      </button>
      {check && (
        <div className="provisioning-rules">
          <p role="status">{check.summary}</p>
          <ul>
            {check.rules.map((r) => (
              <li key={r.id} data-status={r.status}>
                {r.status.toUpperCase()} {r.id}: {r.message}
                {r.status === 'fail' && r.fix ? ` Fix: ${r.fix}` : ''}
              </li>
            ))}
          </ul>
          {check.accepted &&
            (target === 'rps' ? ['rps'] : ['pfx', 'config']).map((part) => (
              <button
                key={part}
                type="button"
                className="btn btn-small"
                onClick={() =>
                  run(async () => {
                    const result = await window.certdesk['provisioning.export'](input(part === 'rps' ? undefined : (part as 'pfx' | 'config')));
                    setSaved((s) => [...s, deliverFile(result)]);
                  })
                }
              >
                {part === 'rps' ? 'Save rps domain profile…' : part === 'pfx' ? 'Save PFX…' : 'Save config.json entry…'}
              </button>
            ))}
          {saved.length > 0 && <p>{saved.join(' ')} The file holds the PFX password: keep it private.</p>}
        </div>
      )}
      {error && <p role="alert">{error.message}</p>}
    </div>
  );
}
