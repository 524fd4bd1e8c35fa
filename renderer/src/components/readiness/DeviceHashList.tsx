// The device hash list in force: which file decides root-hash-trusted (`amt.deviceHashes`: file, how it was read,
// how many hashes are active), a way to clear it, and "Load a device's hash list…" (file picker or a drop on this
// box). Lists loaded here are kept in settings.json; saved lists can be put back in force or forgotten. Errors
// are shown here, in the engine's words.
import { forwardRef, useId, useImperativeHandle, useRef } from 'react';
import type { SavedDeviceHashList } from '../../../../shared/contract/settings';
import type { AmtReport } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import { useFileDrop } from '../../hooks/useFileDrop';
import { inAppWords } from '../../lib/appWords';

/** A device hash list is a few kilobytes; the engine refuses more than 1 MiB. */
const MAX_LIST_BYTES = 1024 * 1024;

export interface DeviceHashListHandle {
  /** Opens the file picker (the root-hash-trusted check's action). */
  pick(): void;
}

export interface DeviceHashListProps {
  inForce: AmtReport['deviceHashes'];
  saved: SavedDeviceHashList[];
  busy: boolean;
  /** An error to show here (a list that could not be used or saved). */
  error: ErrorInfo | null;
  onLoad(list: { fileName: string; text: string }): void;
  onUse(list: SavedDeviceHashList): void;
  onClear(): void;
  onForget(fileName: string): void;
  onReadError(error: ErrorInfo): void;
}

export const DeviceHashList = forwardRef<DeviceHashListHandle, DeviceHashListProps>(function DeviceHashList(props, ref) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ pick: () => input.current?.click() }), []);

  const read = async (file: File) => {
    if (file.size > MAX_LIST_BYTES) {
      props.onReadError({ code: 'too-large', message: `${file.name} is over 1 MiB: a device hash list is a few kilobytes.` });
      return;
    }
    try {
      props.onLoad({ fileName: file.name, text: await file.text() });
    } catch {
      props.onReadError({ code: 'unreadable', message: `CertDesk could not read ${file.name}.` });
    }
  };

  // Taken here (preventDefault) but bubbling: the window's drop handler sees it taken, ends its highlight and
  // does not open the file as a certificate.
  const { over, dropProps } = useFileDrop((file) => void read(file), { bubble: true });

  const others = props.saved.filter((l) => l.fileName !== props.inForce?.fileName);

  return (
    <section
      className={`device-list${over ? ' is-dragging' : ''}`}
      aria-labelledby={`${id}-title`}
      aria-busy={props.busy}
      {...dropProps}
    >
      <h3 id={`${id}-title`} className="panel-subtitle">
        Device hash list
      </h3>
      {props.inForce ? (
        <div className="device-list-current" role="status">
          <p>
            In force: <strong>{props.inForce.fileName}</strong> — read as {props.inForce.source}, {props.inForce.active} active hash
            {props.inForce.active === 1 ? '' : 'es'}. The root is judged by this device’s list, not by the built-in catalogue.
          </p>
          <button type="button" className="btn btn-small" disabled={props.busy} onClick={props.onClear}>
            Clear the device hash list
          </button>
        </div>
      ) : (
        <p className="hint">
          None: the root is judged against the hashes built into AMT firmware. A device’s own list (<code>rpc amtinfo --cert --json</code>,
          MeshCentral’s amthashes, or one SHA-256 per line) tells what that device really trusts.
        </p>
      )}
      <div className="device-list-actions">
        <button type="button" className="btn" disabled={props.busy} onClick={() => input.current?.click()}>
          Load a device’s hash list…
        </button>
        <span className="hint">or drop the file here</span>
        <input
          ref={input}
          type="file"
          accept=".json,.txt,.csv,.log,text/plain,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          aria-label="Device hash list file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void read(file);
          }}
        />
      </div>
      {props.error && (
        <p className="form-error" role="alert">
          {inAppWords(props.error.message)}
        </p>
      )}
      {others.length > 0 && (
        <div className="device-list-saved">
          <p className="hint">Saved lists:</p>
          <ul>
            {others.map((l) => (
              <li key={l.fileName}>
                <span className="device-list-name">{l.fileName}</span>
                <span className="hint">
                  {' '}
                  ({l.source}, {l.active} active)
                </span>
                <button type="button" className="link-button" disabled={props.busy} onClick={() => props.onUse(l)} aria-label={`Use ${l.fileName}`}>
                  Use
                </button>
                <button type="button" className="link-button" disabled={props.busy} onClick={() => props.onForget(l.fileName)} aria-label={`Forget ${l.fileName}`}>
                  Forget
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
});
