// What every step page of the Install wizard has: Back / Next, and the "Dry run" frame around what would happen.
import type { ReactNode } from 'react';

export function NavButtons(props: { onBack?: () => void; onNext?: () => void; nextLabel?: string; busy?: boolean; submit?: boolean }) {
  return (
    <div className="form-buttons rw-buttons">
      <button type="button" className="btn" onClick={props.onBack} disabled={!props.onBack}>
        Back
      </button>
      <button type={props.submit ? 'submit' : 'button'} className="btn btn-default" onClick={props.submit ? undefined : props.onNext} disabled={props.busy}>
        {props.nextLabel ?? 'Next'}
      </button>
    </div>
  );
}

export function DryRunNote({ children }: { children: ReactNode }) {
  return (
    <div className="iw-dry" data-testid="dry-run-result">
      <span className="iw-dry-tag">Dry run</span>
      {children}
    </div>
  );
}
