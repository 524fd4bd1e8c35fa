// The Windows "Certificate" property sheet: title bar, General / Details / Certification Path.
//
// The sheet of the open file is part of the page (the file stays open beside its readiness panel; the toolbar's
// "Close file" closes it). "View Certificate" on the Certification Path opens the chosen certificate the way
// Windows does: a modal pop-up sheet on top, with the single OK button that closes that pop-up only and gives
// focus back to the button that opened it. Pop-ups stack (View Certificate inside a pop-up opens another).
import { useEffect, useId, useRef, useState, type Ref } from 'react';
import type { CertView, PathNode } from '../../../shared/dto';
import { ModalFrame } from '../components/Modal';
import { safeFileName } from '../lib/download';
import { DetailsTab } from './DetailsTab';
import { GeneralTab, type InstallAction } from './GeneralTab';
import { PathTab } from './PathTab';
import { Tabs, type TabSpec } from './Tabs';

export type DialogTab = 'general' | 'details' | 'path';

export interface CertificateDialogProps {
  view: CertView;
  /** The certificate a Certification Path node stands for, when the file holds it (else View Certificate is off). */
  lookup(node: PathNode): CertView | undefined;
  /** "Install Certificate..." for the open file: a handler, or the reason it is not offered. */
  install: InstallAction;
  /** The selected tab (kept by the caller, so switching certificates of the file keeps the tab). */
  tab: DialogTab;
  onTabChange(tab: DialogTab): void;
}

// Focus goes back to what opened a pop-up (View Certificate, or the tree item) when its OK or Escape closes it:
// ModalFrame remembers it.
interface Popup {
  view: CertView;
  tab: DialogTab;
}

/** The selected tab of the sheet inside `root` (the first control a keyboard user needs). */
const selectedTab = (root: HTMLElement | null) => root?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');

export function CertificateDialog(props: CertificateDialogProps) {
  const [popups, setPopups] = useState<Popup[]>([]);
  const sheet = useRef<HTMLElement>(null);

  // A new certificate closes the pop-ups of the previous one.
  useEffect(() => setPopups([]), [props.view.sha256]);

  // When the sheet replaces what had focus (the password form, the previous certificate), focus would fall to
  // the page: give it to the selected tab instead. When focus is still somewhere sensible (the certificate list
  // the user is walking), leave it there.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) selectedTab(sheet.current)?.focus();
  }, [props.view.sha256]);

  const open = (node: PathNode) => {
    const view = props.lookup(node);
    if (!view) return;
    setPopups((p) => [...p, { view, tab: 'general' }]);
  };

  // OK closes the top pop-up only, as on Windows; the ones under it and the file's sheet stay.
  const closeTop = () => setPopups((p) => p.slice(0, -1));

  return (
    <>
      <Sheet ref={sheet} view={props.view} tab={props.tab} onTabChange={props.onTabChange} lookup={props.lookup} onViewNode={open} install={props.install} />
      {popups.map((popup, i) => (
        <PopupSheet
          key={`${i}-${popup.view.sha256}`}
          popup={popup}
          top={i === popups.length - 1}
          lookup={props.lookup}
          onViewNode={open}
          onTabChange={(tab) => setPopups((p) => p.map((o, j) => (j === i ? { ...o, tab } : o)))}
          onOk={closeTop}
        />
      ))}
    </>
  );
}

interface SheetProps {
  view: CertView;
  tab: DialogTab;
  onTabChange(tab: DialogTab): void;
  lookup(node: PathNode): CertView | undefined;
  onViewNode(node: PathNode): void;
  install: InstallAction;
  titleId?: string;
  onOk?: () => void;
  ref?: Ref<HTMLElement>;
}

function Sheet({ view, tab, onTabChange, lookup, onViewNode, install, titleId, onOk, ref }: SheetProps) {
  const baseName = safeFileName(view.general.issuedTo);
  const tabs: TabSpec[] = [
    { id: 'general', label: 'General', render: () => <GeneralTab view={view} install={install} /> },
    { id: 'details', label: 'Details', render: () => <DetailsTab view={view} fileBaseName={baseName} /> },
    {
      id: 'path',
      label: 'Certification Path',
      render: () => <PathTab view={view} canView={(node) => lookup(node) !== undefined} onView={onViewNode} />,
    },
  ];
  return (
    <section ref={ref} className="cert-dialog" aria-label={titleId ? undefined : `Certificate: ${view.general.issuedTo}`} aria-labelledby={titleId}>
      <div className="cert-dialog-title">
        <span id={titleId}>{titleId ? `Certificate: ${view.general.issuedTo}` : 'Certificate'}</span>
      </div>
      <div className="cert-dialog-body">
        <Tabs tabs={tabs} selected={tab} onSelect={(id) => onTabChange(id as DialogTab)} label="Certificate" />
      </div>
      {onOk && (
        <div className="cert-dialog-footer">
          <button type="button" className="btn btn-default" onClick={onOk}>
            OK
          </button>
        </div>
      )}
    </section>
  );
}

// A pop-up is a different certificate than the file's own: CertDesk installs a file (its key and chain together),
// not one CA certificate of it, so the pop-up's Install Certificate... says where to do it instead.
const POPUP_INSTALL: InstallAction = {
  reason: 'CertDesk installs the file as a whole (the certificate with its key and chain): use Install Certificate... on the file’s own certificate.',
};

function PopupSheet(props: {
  popup: Popup;
  top: boolean;
  lookup(node: PathNode): CertView | undefined;
  onViewNode(node: PathNode): void;
  onTabChange(tab: DialogTab): void;
  onOk(): void;
}) {
  const id = useId();

  return (
    // Escape closes (as Cancel/OK do on Windows); only the top pop-up listens (the others are its siblings).
    <ModalFrame
      className="cert-popup"
      backdropClassName="cert-popup-backdrop"
      labelledBy={`${id}-t`}
      onClose={props.onOk}
      active={props.top}
      initialFocus={selectedTab}
    >
      <Sheet
        view={props.popup.view}
        tab={props.popup.tab}
        onTabChange={props.onTabChange}
        lookup={props.lookup}
        onViewNode={props.onViewNode}
        install={POPUP_INSTALL}
        titleId={`${id}-t`}
        onOk={props.onOk}
      />
    </ModalFrame>
  );
}
