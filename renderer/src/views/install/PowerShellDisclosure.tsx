// "Show PowerShell": the exact script a step runs (or would run), its command line as it runs on the provisioning
// server with CertDesk installed (never the folder this copy was read from), and the JSON it reads on stdin — as
// the engine's dry run returns them, secrets already replaced by '***'.
import { useId, useState } from 'react';
import type { DryRunResult } from '../../../../shared/contract/windows';

/** The file's name alone: the folder of this copy is not the server's. */
const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function PowerShellDisclosure({ preview, label = 'Show PowerShell' }: { preview: DryRunResult; label?: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <div className="ps">
      <button type="button" className="btn ps-toggle" aria-expanded={open} aria-controls={`${id}-ps`} onClick={() => setOpen((o) => !o)}>
        <span className="ps-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {label}
      </button>
      {preview.needsElevation && <span className="ps-elevation">Needs an elevated (administrator) process</span>}
      {open && (
        <div id={`${id}-ps`} className="ps-body" role="region" aria-label="PowerShell script and input">
          <p className="ps-label">Command on the provisioning server (the input goes on stdin, never on the command line):</p>
          <pre className="ps-pre ps-command" data-testid="ps-command">
            {preview.windowsCommand}
          </pre>
          <p className="ps-label">Input (JSON on stdin, secrets redacted):</p>
          <pre className="ps-pre ps-input" data-testid="ps-input">
            {JSON.stringify(preview.input, null, 2)}
          </pre>
          <p className="ps-label">Script {fileName(preview.script)}:</p>
          <pre className="ps-pre ps-script" data-testid="ps-script" tabIndex={0} aria-label="Script text">
            {preview.scriptText}
          </pre>
          {(preview.modules ?? []).map((module) => (
            <div key={module.path}>
              <p className="ps-label">Dot-sourced by the script: {fileName(module.path)}</p>
              <pre className="ps-pre ps-script" tabIndex={0} aria-label={`Module text ${fileName(module.path)}`}>
                {module.text}
              </pre>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
