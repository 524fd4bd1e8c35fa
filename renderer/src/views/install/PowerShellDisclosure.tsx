// "Show PowerShell": the exact script a step runs (or would run), its constant command line, and the JSON it
// reads on stdin — as the engine's dry run returns them, secrets already replaced by '***'.
import { useId, useState } from 'react';
import type { DryRunResult } from '../../../../shared/contract/windows';

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
          <p className="ps-label">Command (constant; the input goes on stdin, never on the command line):</p>
          <pre className="ps-pre ps-command">{preview.command.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}</pre>
          <p className="ps-label">Input (JSON on stdin, secrets redacted):</p>
          <pre className="ps-pre ps-input" data-testid="ps-input">
            {JSON.stringify(preview.input, null, 2)}
          </pre>
          <p className="ps-label">Script {preview.script}:</p>
          <pre className="ps-pre ps-script" data-testid="ps-script" tabIndex={0} aria-label="Script text">
            {preview.scriptText}
          </pre>
          {(preview.modules ?? []).map((module) => (
            <div key={module.path}>
              <p className="ps-label">Dot-sourced by the script: {module.path}</p>
              <pre className="ps-pre ps-script" tabIndex={0} aria-label={`Module text ${module.path}`}>
                {module.text}
              </pre>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
