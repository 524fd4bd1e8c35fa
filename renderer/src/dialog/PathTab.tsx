// Certification Path tab (reference §5): tree root first, each level one step deeper, the viewed certificate
// last and selected; "View Certificate" opens the selected node (disabled on the viewed one); "Certificate
// status:" shows the selected node's status. The tree is a flat ARIA tree with aria-level (all expanded).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { CertView, PathNode } from '../../../shared/dto';
import { SmallCertIcon } from './icons';
import { stateOf } from './status';

export function PathTab({ view, canView, onView }: { view: CertView; canView(node: PathNode): boolean; onView(node: PathNode): void }) {
  const id = useId();
  const nodes = view.path;
  const lastIndex = nodes.length - 1;
  const [selected, setSelected] = useState(lastIndex);
  const refs = useRef<(HTMLLIElement | null)[]>([]);
  const moved = useRef(false);

  useEffect(() => setSelected(nodes.length - 1), [view.sha256, nodes.length]);
  useEffect(() => {
    if (moved.current) {
      moved.current = false;
      refs.current[selected]?.focus();
    }
  }, [selected]);

  const node = nodes[Math.max(0, Math.min(selected, lastIndex))];
  const viewable = node !== undefined && selected !== lastIndex && canView(node);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: Math.min(lastIndex, selected + 1),
      ArrowUp: Math.max(0, selected - 1),
      Home: 0,
      End: lastIndex,
    };
    if (event.key === 'Enter' && viewable) {
      event.preventDefault();
      onView(node);
      return;
    }
    if (!(event.key in moves)) return;
    event.preventDefault();
    moved.current = true;
    setSelected(moves[event.key]);
  };

  return (
    <div className="path">
      <fieldset className="group-box path-group">
        <legend id={`${id}-legend`}>Certification path</legend>
        <ul className="path-tree" role="tree" aria-labelledby={`${id}-legend`} onKeyDown={onKeyDown}>
          {nodes.map((n, i) => (
            <li
              key={`${i}-${n.sha256}`}
              ref={(el) => {
                refs.current[i] = el;
              }}
              role="treeitem"
              aria-level={i + 1}
              aria-setsize={1}
              aria-posinset={1}
              aria-expanded={i < lastIndex ? true : undefined}
              aria-selected={i === selected}
              tabIndex={i === selected ? 0 : -1}
              className={`path-node${i === selected ? ' is-selected' : ''}`}
              style={{ paddingInlineStart: `${4 + i * 18}px` }}
              onClick={() => setSelected(i)}
              onFocus={() => setSelected(i)}
              onDoubleClick={() => {
                if (i !== lastIndex && canView(n)) onView(n);
              }}
            >
              {i > 0 && <span className="path-elbow" aria-hidden="true" />}
              <SmallCertIcon state={stateOf(n.status, n.ok)} />
              <span className="path-name">{n.displayName}</span>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="path-actions">
        <button type="button" className="btn" disabled={!viewable} onClick={() => node && onView(node)}>
          View Certificate
        </button>
      </div>
      <label className="field" htmlFor={`${id}-status`}>
        Certificate status:
      </label>
      <textarea id={`${id}-status`} className="path-status" readOnly rows={3} value={node?.status ?? ''} />
    </div>
  );
}
