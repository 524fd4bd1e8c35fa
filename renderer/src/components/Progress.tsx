// The busy and error lines a form shows under its buttons: an indeterminate bar with what is running, a
// refusal in the app's words, and an engine error with its code (for a support request).
import type { ErrorInfo } from '../../../shared/errors';

export function Busy({ text }: { text: string }) {
  return (
    <div className="iw-busy" aria-busy="true">
      <div className="progress" role="progressbar" aria-label={text}>
        <div className="progress-bar" />
      </div>
      <p role="status">{text}</p>
    </div>
  );
}

export function FormError({ text }: { text: string | null }) {
  return text ? (
    <p className="form-error" role="alert">
      {text}
    </p>
  ) : null;
}

export function ErrorLine({ error }: { error?: ErrorInfo | null }) {
  if (!error) return null;
  return (
    <p className="form-error iw-error" role="alert">
      {error.message} <span className="hint">({error.code})</span>
    </p>
  );
}
