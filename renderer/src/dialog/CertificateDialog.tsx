// The Windows "Certificate" property sheet: title bar, General / Details / Certification Path, OK.
import type { CertView, PathNode } from '../../../shared/dto';
import { safeFileName } from '../lib/download';
import { DetailsTab } from './DetailsTab';
import { GeneralTab } from './GeneralTab';
import { PathTab } from './PathTab';
import { Tabs, type TabSpec } from './Tabs';

export type DialogTab = 'general' | 'details' | 'path';

export interface CertificateDialogProps {
  view: CertView;
  /** Shown above the sheet when this dialog was opened from another one's Certification Path. */
  parentName?: string;
  onBack?: () => void;
  onOk(): void;
  canView(node: PathNode): boolean;
  onViewNode(node: PathNode): void;
  onInstall?: () => void;
  /** The selected tab (kept by the caller so "Back" returns to the tab the user left). */
  tab: DialogTab;
  onTabChange(tab: DialogTab): void;
}

export function CertificateDialog(props: CertificateDialogProps) {
  const { view } = props;
  const baseName = safeFileName(view.general.issuedTo);
  const tabs: TabSpec[] = [
    { id: 'general', label: 'General', render: () => <GeneralTab view={view} onInstall={props.onInstall} /> },
    { id: 'details', label: 'Details', render: () => <DetailsTab view={view} fileBaseName={baseName} /> },
    {
      id: 'path',
      label: 'Certification Path',
      render: () => <PathTab view={view} canView={props.canView} onView={props.onViewNode} />,
    },
  ];
  return (
    <section className="cert-dialog" aria-label={`Certificate: ${view.general.issuedTo}`}>
      <div className="cert-dialog-title">
        <span>Certificate</span>
      </div>
      {props.onBack && (
        <div className="cert-dialog-back">
          <button type="button" className="link-button" onClick={props.onBack}>
            <span aria-hidden="true">← </span>Back to {props.parentName ?? 'the previous certificate'}
          </button>
        </div>
      )}
      <div className="cert-dialog-body">
        <Tabs tabs={tabs} selected={props.tab} onSelect={(id) => props.onTabChange(id as DialogTab)} label="Certificate" />
      </div>
      <div className="cert-dialog-footer">
        <button type="button" className="btn btn-default" onClick={props.onOk}>
          OK
        </button>
      </div>
    </section>
  );
}
