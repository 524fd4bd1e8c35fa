// The Inspect view before a file is open: what CertDesk is for, the usual steps, and the drop target.
import type { ViewProps } from './types';

const STEPS: { title: string; text: string; view?: { id: string; label: string } }[] = [
  {
    title: 'Inspect a file',
    text: 'Open a .pfx, .cer, .p7b or .csr: see it as the Windows certificate dialog shows it, and whether Intel AMT will accept it.',
  },
  {
    title: 'Make a request',
    text: 'Create a key and a certificate request (CSR) for your CA; when the CA answers, complete the request in Requests and export the PFX.',
    view: { id: 'request', label: 'Open the Request wizard' },
  },
  {
    title: 'Install on the server',
    text: 'On the provisioning server: import the PFX into the Local Computer store and give the provisioning service read access to its key.',
    view: { id: 'install', label: 'Open the Install wizard' },
  },
];

export function EmptyScreen({ dragging, navigate, hasView }: { dragging: boolean } & ViewProps) {
  return (
    <div className={`drop-zone empty-screen${dragging ? ' is-dragging' : ''}`}>
      <p className="empty-lead">
        CertDesk gets an Intel vPro/AMT <strong>provisioning certificate</strong> right the first time: it checks what AMT checks, makes the request for
        your CA and installs the certificate on the provisioning server.
      </p>
      <h1 className="drop-title">Open a certificate file</h1>
      <p>Drag a .pfx, .p12, .cer, .crt, .der, .pem, .p7b or .csr file here, or choose Open file….</p>
      <p className="hint">The file is read by this app only; nothing is uploaded anywhere else.</p>
      <h2 className="empty-steps-title">The usual steps</h2>
      <ol className="empty-steps">
        {STEPS.map((step) => (
          <li key={step.title}>
            <strong>{step.title}</strong>
            <span>{step.text}</span>
            {step.view && hasView(step.view.id) && (
              <button type="button" className="btn btn-small" onClick={() => navigate(step.view!.id)}>
                {step.view.label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
