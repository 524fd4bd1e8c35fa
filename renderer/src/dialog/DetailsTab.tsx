// Details tab (reference §2): "Show:" filter, Field/Value list (ARIA grid, full-row select, Up/Down/Home/End/
// PageUp/PageDown), read-only lower pane with the selected row's multi-line value, Copy to File...
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CertView, DetailRow } from '../../../shared/dto';
import { filterDetails, showFilters, type ShowFilterId } from '../lib/details';
import { CopyToFile } from './CopyToFile';
import { RowIcon } from './icons';

const PAGE = 8;

export function DetailsTab({ view, fileBaseName }: { view: CertView; fileBaseName: string }) {
  const id = useId();
  const [filter, setFilter] = useState<ShowFilterId>('all');
  const rows = useMemo(() => filterDetails(view.details, filter), [view.details, filter]);
  const [selected, setSelected] = useState(0);
  const [exporting, setExporting] = useState(false);
  const rowRefs = useRef<(HTMLDivElement | null)[]>([]);
  const copyButton = useRef<HTMLButtonElement>(null);
  const focusRow = useRef(false);

  // A new certificate or a new filter selects the first row, as Windows does.
  useEffect(() => setSelected(0), [view.sha256, filter]);

  useEffect(() => {
    if (!focusRow.current) return;
    focusRow.current = false;
    const el = rowRefs.current[selected];
    el?.focus();
    el?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const current: DetailRow | undefined = rows[Math.min(selected, rows.length - 1)];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = rows.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, selected + 1),
      ArrowUp: Math.max(0, selected - 1),
      Home: 0,
      End: last,
      PageDown: Math.min(last, selected + PAGE),
      PageUp: Math.max(0, selected - PAGE),
    };
    if (!(event.key in moves) || last < 0) return;
    event.preventDefault();
    focusRow.current = true;
    setSelected(moves[event.key]);
    if (moves[event.key] === selected) rowRefs.current[selected]?.focus();
  };

  return (
    <div className="details">
      <div className="details-show">
        <label htmlFor={`${id}-show`}>Show:</label>
        <select id={`${id}-show`} value={filter} onChange={(e) => setFilter(e.target.value as ShowFilterId)}>
          {showFilters.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div
        className="details-grid"
        role="grid"
        aria-label="Certificate fields"
        aria-rowcount={rows.length + 1}
        aria-readonly="true"
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="details-head">
          <div role="row" aria-rowindex={1} className="details-row">
            <div role="columnheader" className="details-cell">Field</div>
            <div role="columnheader" className="details-cell">Value</div>
          </div>
        </div>
        <div role="rowgroup" className="details-body">
          {rows.length === 0 && <div className="details-empty">No fields of this kind.</div>}
          {rows.map((row, i) => {
            const isSelected = current === row;
            return (
              <div
                key={`${filter}-${i}-${row.field}`}
                ref={(el) => {
                  rowRefs.current[i] = el;
                }}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={isSelected}
                tabIndex={isSelected ? 0 : -1}
                className={`details-row${isSelected ? ' is-selected' : ''}${row.critical ? ' is-critical' : ''}`}
                onClick={() => setSelected(i)}
                onFocus={() => setSelected(i)}
              >
                <div role="gridcell" className="details-cell details-field">
                  <RowIcon kind={row.kind} critical={row.critical} />
                  <span className="details-text">{row.field}</span>
                  {row.critical && <span className="visually-hidden"> (critical extension)</span>}
                </div>
                <div role="gridcell" className="details-cell details-value" title={row.value}>
                  <span className="details-text">{row.value}</span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
      <textarea
        className="details-pane"
        readOnly
        aria-label={current ? `Value of ${current.field}` : 'Value of the selected field'}
        value={current?.detail ?? ''}
        rows={6}
        spellCheck={false}
      />
      <div className="details-buttons">
        <button type="button" className="btn" disabled>
          Edit Properties...
        </button>
        <button ref={copyButton} type="button" className="btn" onClick={() => setExporting(true)}>
          Copy to File...
        </button>
      </div>
      {exporting && (
        <CopyToFile
          derBase64={view.derBase64}
          baseName={fileBaseName}
          onClose={() => {
            setExporting(false);
            copyButton.current?.focus();
          }}
        />
      )}
    </div>
  );
}
