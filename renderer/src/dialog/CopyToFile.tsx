// "Copy to File..." — a one-page stand-in for the Certificate Export Wizard's format page: DER or Base-64
// (.CER), saved from the page as a Blob download. Only the certificate (CertView.derBase64), never a key.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { base64ToBytes } from '../lib/base64';
import { downloadBytes } from '../lib/download';
import { derBase64ToPem } from '../lib/pem';

type Format = 'der' | 'base64';

const FORMATS: { id: Format; label: string }[] = [
  { id: 'der', label: 'DER encoded binary X.509 (.CER)' },
  { id: 'base64', label: 'Base-64 encoded X.509 (.CER)' },
];

export function CopyToFile({ derBase64, baseName, onClose }: { derBase64: string; baseName: string; onClose(): void }) {
  const id = useId();
  const [format, setFormat] = useState<Format>('der');
  const [name, setName] = useState(`${baseName}.cer`);
  const first = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => first.current?.focus(), []);

  const save = () => {
    const fileName = name.trim() || `${baseName}.cer`;
    if (format === 'der') downloadBytes(fileName, base64ToBytes(derBase64), 'application/pkix-cert');
    else downloadBytes(fileName, derBase64ToPem(derBase64), 'application/x-pem-file');
    onClose();
  };

  // Modal: Escape cancels, Tab stays inside.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('input:not([disabled]), button:not([disabled])')].filter(
      (el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked),
    );
    if (focusable.length === 0) return;
    const firstEl = focusable[0];
    const lastEl = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === firstEl) {
      event.preventDefault();
      lastEl.focus();
    } else if (!event.shiftKey && document.activeElement === lastEl) {
      event.preventDefault();
      firstEl.focus();
    }
  };

  return (
    <div className="modal-backdrop">
      <div
        ref={dialog}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onKeyDown={onKeyDown}
      >
        <div className="modal-title" id={`${id}-title`}>
          Certificate Export Wizard
        </div>
        <form
          className="modal-body"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <fieldset className="export-formats">
            <legend>Select the format you want to use:</legend>
            {FORMATS.map((f, i) => (
              <label key={f.id} className="radio">
                <input
                  ref={i === 0 ? first : undefined}
                  type="radio"
                  name={`${id}-format`}
                  value={f.id}
                  checked={format === f.id}
                  onChange={() => {
                    setFormat(f.id);
                  }}
                />
                {f.label}
              </label>
            ))}
          </fieldset>
          <label className="field" htmlFor={`${id}-name`}>
            File name:
          </label>
          <input id={`${id}-name`} className="text-input" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
          <div className="modal-buttons">
            <button type="submit" className="btn btn-default">
              Save
            </button>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
