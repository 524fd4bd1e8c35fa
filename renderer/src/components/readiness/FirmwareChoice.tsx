// Which AMT firmware to judge for: "All in service" (the default verdict: every shipped generation, strictest) or
// the majors of the user's fleet. A change re-runs inspect with `amtVersions`.
import { useEffect, useId, useState } from 'react';

export const FIRMWARE_MAJORS = ['11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22'] as const;

export function FirmwareChoice(props: { versions: string[]; busy: boolean; onChange(versions: string[]): Promise<boolean> }) {
  const id = useId();
  // The choice shows at once; it goes back to what the verdict was made for when the re-check fails.
  const appliedKey = props.versions.join(',');
  const [chosen, setChosen] = useState(props.versions);
  useEffect(() => setChosen(appliedKey ? appliedKey.split(',') : []), [appliedKey]);
  const choose = async (versions: string[]) => {
    setChosen(versions);
    if (!(await props.onChange(versions))) setChosen(appliedKey ? appliedKey.split(',') : []);
  };
  const all = chosen.length === 0;
  const picked = new Set(chosen);
  const toggle = (major: string) => {
    const next = new Set(picked);
    if (next.has(major)) next.delete(major);
    else next.add(major);
    void choose(FIRMWARE_MAJORS.filter((m) => next.has(m)));
  };
  return (
    <fieldset className="firmware-choice" aria-describedby={`${id}-hint`}>
      <legend>AMT firmware to judge for</legend>
      <label className="radio">
        <input type="radio" name={`${id}-fw`} checked={all} disabled={props.busy} onChange={() => void choose([])} />
        All in service (AMT 11 and later)
      </label>
      <div className="firmware-majors" role="group" aria-label="Firmware versions">
        <span className="firmware-majors-label">Only:</span>
        {FIRMWARE_MAJORS.map((major) => (
          <label key={major} className={`firmware-major${picked.has(major) ? ' is-on' : ''}`}>
            <input type="checkbox" checked={picked.has(major)} disabled={props.busy} onChange={() => toggle(major)} aria-label={`AMT ${major}`} />
            <span aria-hidden="true">{major}</span>
          </label>
        ))}
      </div>
      <p id={`${id}-hint`} className="hint">
        Pick the firmware majors of your devices (the MEBx or <code>rpc amtinfo</code> shows them); 22 also shows the proposed AMT 22 rules.
      </p>
    </fieldset>
  );
}
