// USB setup.bin (issue [10] item 1): the custom-root kit. Pick or drop the root certificate (or any file whose chain
// holds it), the PKI DNS suffix and the MEBx passwords → setupbin.create → setup.bin saved (the preview's one-time
// download, Electron's save dialog). The file may hold a MEBx password: its bytes never come to this page, and the
// passwords live only in their (uncontrolled) boxes, cleared once the engine has answered. A second panel reads an
// existing setup.bin (setupbin.show) and lists its records and format problems, passwords hidden.
import { useId, useRef, useState, type ReactNode } from 'react';
import type { OpenedFile } from '../../../../shared/bridge';
import { FACTORY_MEBX_PASSWORD, mebxPasswordProblem, type SetupBinCreateResult, type SetupBinView as View } from '../../../../shared/contract/setupbin';
import { checkSuffix } from '../../../../shared/dns-suffix';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ViewProps } from '../../app/types';
import { deliverFile } from '../../lib/download';
import { toUiError } from '../../lib/errors';
import { fileDropProps, useFileDrop } from '../../hooks/useFileDrop';
import { readOpenedFile } from '../../lib/readFile';
import './setupbin.css';

type Created = Omit<SetupBinCreateResult, 'setupBinBase64' | 'download' | 'saved'> & { savedText: string };

const isPfx = (name: string) => /\.(pfx|p12)$/i.test(name);

export function WhenUsbIsNeeded() {
  return (
    <section className="panel sb-why" aria-labelledby="sb-why-h">
      <h2 id="sb-why-h" className="panel-title">
        When a USB stick is needed
      </h2>
      <ul>
        <li>
          AMT trusts a provisioning certificate only when its chain ends in a root whose hash the device holds. Public CA roots are built into the firmware (see
          the root catalogue); an <strong>internal CA</strong> root has to be added to every device first.
        </li>
        <li>
          On AMT 14 and later MEBx cannot take a SHA-256 hash typed in as a string (Intel KB 000059996), and from AMT 16 the MEBx menu to add a hash is
          gone (device-management-toolkit/deployment #256). The USB file is the way left: the BIOS reads <code>setup.bin</code> from the stick at boot and
          adds the hash, the PKI DNS suffix and the MEBx password.
        </li>
        <li>
          Unprovisioning a device (or a full unconfigure) deletes custom hashes: boot it with the stick again before it is provisioned again.
        </li>
        <li>
          Copy the file as the first file onto the root of a freshly formatted stick, enable USB provisioning in the BIOS, boot each device with the stick in.
        </li>
      </ul>
    </section>
  );
}

function RootPicker(props: { file: OpenedFile | null; onFile(file: OpenedFile): void; id: string }) {
  const input = useRef<HTMLInputElement>(null);
  const { over, dropProps } = useFileDrop(async (f) => props.onFile(await readOpenedFile(f)));
  return (
    <div className={`sb-drop${over ? ' is-dragging' : ''}`} data-testid="sb-root-drop" {...dropProps}>
      <input
        ref={input}
        id={props.id}
        type="file"
        className="visually-hidden"
        data-testid="sb-root-input"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) props.onFile(await readOpenedFile(f));
          e.target.value = '';
        }}
      />
      <button type="button" className="btn btn-default" onClick={() => input.current?.click()}>
        Choose the root certificate…
      </button>
      <span className="sb-drop-name" data-testid="sb-root-name">
        {props.file ? props.file.fileName : 'or drop it here (.cer, .crt, .pem, .p7b; a .pfx or chain file gives its root)'}
      </span>
    </div>
  );
}

function Field(props: { id: string; label: string; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className="sb-field">
      <label className="field" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.hint && (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

function CreatedSummary({ done }: { done: Created }) {
  return (
    <section className="panel sb-done" aria-labelledby="sb-done-h" data-testid="sb-done">
      <h2 id="sb-done-h" className="panel-title" role="status">
        {done.savedText}
      </h2>
      <dl className="kv">
        <div>
          <dt>Root</dt>
          <dd data-testid="sb-done-root">{done.root.subject}</dd>
        </div>
        <div>
          <dt>Root SHA-256</dt>
          <dd>
            <code data-testid="sb-done-sha256">{done.root.sha256}</code>
          </dd>
        </div>
        <div>
          <dt>Hash name</dt>
          <dd>{done.root.hashName}</dd>
        </div>
        <div>
          <dt>PKI DNS suffix</dt>
          <dd data-testid="sb-done-suffix">{done.suffix}</dd>
        </div>
        <div>
          <dt>MEBx password</dt>
          <dd>
            {done.mebx.current === 'factory-default' ? 'Current: factory default "admin"' : 'Current: as entered'};{' '}
            {done.mebx.changesPassword ? 'changed to the new password' : 'kept'}
          </dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>
            setup.bin {done.version}, {done.size} bytes, one record for every device, {done.scrambled ? 'scrambled' : 'plain'}; SHA-256 <code>{done.sha256}</code>
          </dd>
        </div>
      </dl>
      {done.warnings.length > 0 && (
        <ul className="sb-warnings" data-testid="sb-warnings">
          {done.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <p className="hint">The file holds the MEBx password: keep it like a password, and delete it from the stick once the devices are done.</p>
    </section>
  );
}

export function SetupBinRecords({ view }: { view: View }) {
  return (
    <div className="sb-records" data-testid="sb-show">
      <p>
        <strong>{view.file}</strong>: setup.bin {view.version ?? '?'}, {view.records.length} record{view.records.length === 1 ? '' : 's'},{' '}
        {view.consumable ? 'one device per record' : 'every device takes the same record'}.
      </p>
      {view.records.map((record) => (
        <table key={record.index} className="sb-table">
          <caption>
            Record {record.index}
            {record.valid ? '' : ' (used)'}
            {record.scrambled ? ', scrambled' : ''}
          </caption>
          <tbody>
            {record.variables.map((v, i) => (
              <tr key={`${v.module}/${v.id}/${i}`}>
                <th scope="row">{v.name}</th>
                <td>{v.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {view.problems.length === 0 ? (
        <p className="sb-ok" role="status">
          No format problems.
        </p>
      ) : (
        <ul className="sb-problems" data-testid="sb-problems">
          {view.problems.map((p, i) => (
            <li key={i} className={p.severity === 'error' ? 'sb-error' : 'sb-warning'}>
              <strong>{p.severity === 'error' ? 'Error' : 'Warning'}</strong> <code>{p.id}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ReadSetupBin() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const read = async (f: File) => {
    setError(null);
    setView(null);
    try {
      setView(await window.certdesk['setupbin.show'](await readOpenedFile(f)));
    } catch (raw) {
      setError(toUiError(raw));
    }
  };
  return (
    <section className="panel sb-read" aria-labelledby={`${id}-h`} {...fileDropProps((f) => void read(f))}>
      <h2 id={`${id}-h`} className="panel-title">
        Check a setup.bin
      </h2>
      <p className="hint">Open a setup.bin (from CertDesk, Intel ACU, MeshCommander …) to see what it sets and whether its format is sound. Passwords stay hidden.</p>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        data-testid="sb-show-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void read(f);
          e.target.value = '';
        }}
      />
      <button type="button" className="btn btn-default" onClick={() => input.current?.click()}>
        Open a setup.bin…
      </button>
      {error && (
        <p className="form-error" role="alert" data-testid="sb-show-error">
          {error.message}
        </p>
      )}
      {view && <SetupBinRecords view={view} />}
    </section>
  );
}

export function SetupBinView(_props: ViewProps) {
  const id = useId();
  const [root, setRoot] = useState<OpenedFile | null>(null);
  const [suffix, setSuffix] = useState('');
  const [changed, setChanged] = useState(false);
  const [hashName, setHashName] = useState('');
  const [scramble, setScramble] = useState(false);
  const [newProblem, setNewProblem] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Created | null>(null);
  const pfxPassword = useRef<HTMLInputElement>(null);
  const current = useRef<HTMLInputElement>(null);
  const next = useRef<HTMLInputElement>(null);
  const again = useRef<HTMLInputElement>(null);

  const suffixCheck = suffix.trim() ? checkSuffix(suffix) : null;

  const clearPasswords = () => {
    for (const box of [pfxPassword, current, next, again]) if (box.current) box.current.value = '';
    setNewProblem(null);
  };

  const submit = async () => {
    setFormError(null);
    setError(null);
    setDone(null);
    const newPassword = next.current?.value ?? '';
    const currentPassword = changed ? current.current?.value ?? '' : FACTORY_MEBX_PASSWORD;
    if (!root) return setFormError('Choose the root certificate first.');
    if (!suffixCheck?.ok) return setFormError(suffixCheck ? suffixCheck.message : 'Enter the PKI DNS suffix.');
    if (changed && !currentPassword) return setFormError("Enter the devices' current MEBx password.");
    if (!changed && !newPassword) return setFormError('A device on the factory password "admin" must get a new MEBx password: enter one.');
    if (newPassword) {
      const problem = mebxPasswordProblem(newPassword);
      if (problem) return setFormError(`MEBx would refuse the new password: ${problem}`);
      if (newPassword !== (again.current?.value ?? '')) return setFormError('The two new passwords do not match.');
    }
    setBusy(true);
    try {
      const pfx = pfxPassword.current?.value;
      const result = await window.certdesk['setupbin.create']({
        root: { kind: 'file', file: { ...root, ...(pfx ? { password: pfx } : {}) } },
        suffix: suffix.trim(),
        ...(changed ? { currentMebxPassword: currentPassword } : {}),
        ...(newPassword ? { newMebxPassword: newPassword } : {}),
        ...(hashName.trim() ? { hashName: hashName.trim() } : {}),
        scramble,
      });
      const savedText = deliverFile(result);
      const { setupBinBase64: _bytes, download: _download, saved: _saved, ...rest } = result;
      setDone({ ...rest, savedText });
    } catch (raw) {
      const err = toUiError(raw);
      if (err.code === 'cancelled') setFormError('Not saved: the save was cancelled.');
      else setError(err);
    } finally {
      clearPasswords();
      setBusy(false);
    }
  };

  return (
    <div className="sb">
      <section className="panel sb-page" aria-labelledby={`${id}-h`}>
        <h1 id={`${id}-h`} className="sb-title">
          USB setup.bin for a custom root
        </h1>
        <p className="sb-intro">
          Make the USB provisioning file that adds your internal CA&apos;s root hash (SHA-256) and the PKI DNS suffix to each AMT device, and sets its MEBx
          password.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!busy) void submit();
          }}
          noValidate
        >
          <Field id={`${id}-root`} label="Root certificate:">
            <RootPicker id={`${id}-root`} file={root} onFile={(f) => (setRoot(f), setDone(null), setError(null))} />
          </Field>
          {root && isPfx(root.fileName) && (
            <Field id={`${id}-pfxpw`} label="PFX password:" hint="Only to read the chain in the PFX; it is not written to the setup.bin.">
              <input ref={pfxPassword} id={`${id}-pfxpw`} className="text-input" type="password" autoComplete="off" />
            </Field>
          )}
          <Field
            id={`${id}-suffix`}
            label="PKI DNS suffix:"
            hint="The DHCP option 15 domain of the provisioning network; the provisioning certificate's CN ends in it."
            error={suffixCheck && !suffixCheck.ok ? suffixCheck.message : null}
          >
            <input
              id={`${id}-suffix`}
              className="text-input"
              value={suffix}
              onChange={(e) => setSuffix(e.target.value)}
              spellCheck={false}
              placeholder="corp.example.com"
              data-testid="sb-suffix"
            />
          </Field>
          <fieldset className="sb-mebx">
            <legend>MEBx password</legend>
            <label className="radio">
              <input type="radio" name={`${id}-cur`} checked={!changed} onChange={() => setChanged(false)} />
              The devices still have the factory password &quot;admin&quot;
            </label>
            <label className="radio">
              <input type="radio" name={`${id}-cur`} checked={changed} onChange={() => setChanged(true)} data-testid="sb-changed" />
              Their MEBx password was already changed
            </label>
            {changed && (
              <Field id={`${id}-current`} label="Current MEBx password:">
                <input ref={current} id={`${id}-current`} className="text-input" type="password" autoComplete="off" data-testid="sb-current" />
              </Field>
            )}
            <Field
              id={`${id}-new`}
              label={changed ? 'New MEBx password (optional):' : 'New MEBx password:'}
              hint="8–32 characters with an upper-case and a lower-case letter, a digit and a symbol such as ! @ # $; not : , or &quot; (Intel AMT SDK)."
              error={newProblem}
            >
              <input
                ref={next}
                id={`${id}-new`}
                className="text-input"
                type="password"
                autoComplete="new-password"
                data-testid="sb-new"
                onChange={(e) => setNewProblem(e.target.value ? (mebxPasswordProblem(e.target.value) ? `MEBx would refuse it: ${mebxPasswordProblem(e.target.value)}` : null) : null)}
              />
            </Field>
            <Field id={`${id}-again`} label="Repeat the new password:">
              <input ref={again} id={`${id}-again`} className="text-input" type="password" autoComplete="new-password" data-testid="sb-again" />
            </Field>
          </fieldset>
          <Field id={`${id}-name`} label="Hash name (optional):" hint="What MEBx shows in its hash list; at most 32 ASCII characters. Default: the root's common name.">
            <input id={`${id}-name`} className="text-input" value={hashName} maxLength={32} onChange={(e) => setHashName(e.target.value)} spellCheck={false} />
          </Field>
          <label className="check-label">
            <input type="checkbox" checked={scramble} onChange={(e) => setScramble(e.target.checked)} />
            Scramble the record, as Intel ACU does (hides the password from a casual look; not encryption)
          </label>
          {formError && (
            <p className="form-error" role="alert" data-testid="sb-form-error">
              {formError}
            </p>
          )}
          {error && (
            <p className="form-error" role="alert" data-testid="sb-error">
              {error.message}
            </p>
          )}
          <div className="form-buttons">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sb-create">
              {busy ? 'Creating…' : 'Create setup.bin'}
            </button>
          </div>
        </form>
        {done && <CreatedSummary done={done} />}
      </section>
      <WhenUsbIsNeeded />
      <ReadSetupBin />
    </div>
  );
}
