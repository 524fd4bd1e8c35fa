// The PFX password widgets: the two password boxes (uncontrolled: the password never enters React state) and
// the strength hint, used by Export PFX, the Install wizard's "export, then import" and Inspect's chain paths.
import type { RefObject } from 'react';
import { passwordPairProblem, passwordStrength, type StrengthHint } from '../lib/password';

/** The password and its confirmation; onChange gets the strength hint and whether the two boxes differ. */
export function PfxPasswordFields(props: {
  idPrefix: string;
  first: RefObject<HTMLInputElement | null>;
  second: RefObject<HTMLInputElement | null>;
  onChange(hint: StrengthHint, mismatch: boolean, secondTouched: boolean): void;
  autoFocus?: boolean;
}) {
  const update = () => {
    const a = props.first.current?.value ?? '';
    const b = props.second.current?.value ?? '';
    props.onChange(passwordStrength(a), passwordPairProblem(a, b) === 'mismatch', b.length > 0);
  };
  return (
    <>
      <label className="field" htmlFor={`${props.idPrefix}-pw1`}>
        Password:
      </label>
      <input
        ref={props.first}
        id={`${props.idPrefix}-pw1`}
        className="text-input"
        type="password"
        autoComplete="new-password"
        data-autofocus={props.autoFocus ? '' : undefined}
        aria-describedby={`${props.idPrefix}-strength`}
        onChange={update}
      />
      <label className="field" htmlFor={`${props.idPrefix}-pw2`}>
        Confirm password:
      </label>
      <input ref={props.second} id={`${props.idPrefix}-pw2`} className="text-input" type="password" autoComplete="new-password" onChange={update} />
    </>
  );
}

export function StrengthMeter({ id, hint }: { id: string; hint: StrengthHint }) {
  return (
    <div className={`pw-strength pw-${hint.strength}`} id={id}>
      <meter min={0} max={4} low={2} high={3} optimum={4} value={hint.score} aria-label="Password strength" />
      <span>{hint.text}</span>
    </div>
  );
}
