// The PFX password prompt: first "enter the password"; after a wrong one, "The password is incorrect." and retry.
import { useEffect, useId, useRef, useState } from 'react';
import { errorHelp } from '../../lib/errors';

export function PasswordPrompt(props: { fileName: string; wrong: boolean; tries: number; busy: boolean; onSubmit(password: string): void; onCancel(): void }) {
  const id = useId();
  const [password, setPassword] = useState('');
  const input = useRef<HTMLInputElement>(null);

  // Focus the box on every prompt; after a wrong password select it so typing replaces it.
  useEffect(() => {
    input.current?.focus();
    if (props.wrong) input.current?.select();
  }, [props.wrong, props.tries]);

  return (
    <section className="password-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        Password
      </h2>
      <p className="password-file">{props.fileName}</p>
      <p>To open this file, enter the password that protects its private key.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!props.busy) props.onSubmit(password);
        }}
      >
        <label className="field" htmlFor={`${id}-pw`}>
          Password:
        </label>
        <input
          ref={input}
          id={`${id}-pw`}
          className="text-input"
          type="password"
          autoComplete="off"
          value={password}
          aria-invalid={props.wrong || undefined}
          aria-describedby={props.wrong ? `${id}-err` : undefined}
          onChange={(e) => setPassword(e.target.value)}
        />
        {props.wrong && (
          <p id={`${id}-err`} className="form-error" role="alert">
            The password is incorrect. {errorHelp('wrong-password').action}
          </p>
        )}
        <div className="form-buttons">
          <button type="submit" className="btn btn-default" disabled={props.busy}>
            {props.busy ? 'Opening…' : 'Open'}
          </button>
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
