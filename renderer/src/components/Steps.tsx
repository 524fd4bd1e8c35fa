// The wizard's step list: an ordered list, the current step marked aria-current="step"; earlier steps are
// buttons (go back), later ones plain text.
export function Steps(props: { label: string; steps: readonly string[]; current: number; canGo(index: number): boolean; onGo(index: number): void; done?: (index: number) => boolean }) {
  return (
    <nav className="wz-steps" aria-label={props.label}>
      <ol>
        {props.steps.map((name, i) => {
          const state = i === props.current ? 'current' : (props.done?.(i) ?? i < props.current) ? 'done' : 'todo';
          return (
            <li key={name} className={`wz-step wz-step-${state}`} aria-current={i === props.current ? 'step' : undefined}>
              <span className="wz-step-num" aria-hidden="true">
                {state === 'done' ? '✓' : i + 1}
              </span>
              {props.canGo(i) && i !== props.current ? (
                <button type="button" className="wz-step-link" onClick={() => props.onGo(i)}>
                  {name}
                </button>
              ) : (
                <span className="wz-step-name">{name}</span>
              )}
              {state === 'done' && <span className="visually-hidden"> (done)</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
