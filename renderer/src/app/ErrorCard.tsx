// An error that says what to do: the engine's message (what happened), the table's advice (what to do next,
// lib/errors.ts errorHelp) and the buttons that do it. The code stays, small, for a support request.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { errorHelp } from '../lib/errors';

export function ErrorCard(props: { heading: string; error: ErrorInfo; children?: ReactNode; className?: string; focusOnShow?: boolean }) {
  const id = useId();
  const help = errorHelp(props.error.code);
  const title = useRef<HTMLHeadingElement>(null);
  // The card replaces what had focus (a form, a button): focus its heading, so the keyboard is not left on the page.
  useEffect(() => {
    if (props.focusOnShow !== false) title.current?.focus();
  }, [props.error, props.focusOnShow]);
  return (
    <section className={`error-card ${props.className ?? ''}`} role="alert" aria-labelledby={`${id}-h`} data-error-code={props.error.code}>
      <h2 id={`${id}-h`} className="card-title" tabIndex={-1} ref={title}>
        {props.heading}
      </h2>
      <p>{props.error.message}</p>
      <p className="error-help">
        <strong>What to do: </strong>
        {help.action}
      </p>
      {props.children && <div className="form-buttons">{props.children}</div>}
      <p className="hint">Error code: {props.error.code}</p>
    </section>
  );
}
