// Small inline SVG icons in the spirit of the Windows certificate dialog (no image files, no fonts).
export function CertIcon({ state = 'ok', size = 32 }: { state?: 'ok' | 'error' | 'warning'; size?: number }) {
  return (
    <svg className="cert-icon" viewBox="0 0 32 32" width={size} height={size} aria-hidden="true" focusable="false">
      <rect x="2.5" y="5.5" width="25" height="19" rx="1.5" fill="#fffdf2" stroke="#6b6b6b" />
      <path d="M6 10h14M6 13.5h11M6 17h8" stroke="#8aa3c7" strokeWidth="1.6" />
      <circle cx="22" cy="19.5" r="4" fill="#e8b800" stroke="#9a7300" />
      <path d="M19.8 22.8l-1.3 5 2.2-1.3 1.3 2 1-5.3" fill="#c62828" stroke="#8e1b1b" strokeWidth="0.6" />
      {state === 'error' && (
        <g>
          <circle cx="9" cy="22" r="6" fill="#d32f2f" stroke="#fff" />
          <path d="M6.3 19.3l5.4 5.4M11.7 19.3l-5.4 5.4" stroke="#fff" strokeWidth="1.8" />
        </g>
      )}
      {state === 'warning' && (
        <g>
          <path d="M9 15.5l6.5 11.5h-13z" fill="#f2c200" stroke="#7a5b00" />
          <path d="M9 19.5v3.8" stroke="#3a2b00" strokeWidth="1.6" />
          <circle cx="9" cy="25.2" r="0.9" fill="#3a2b00" />
        </g>
      )}
    </svg>
  );
}

export function SmallCertIcon({ state = 'ok' }: { state?: 'ok' | 'error' | 'warning' }) {
  return <CertIcon state={state} size={16} />;
}

export function KeyIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="5" cy="8" r="3.3" fill="#e8b800" stroke="#8a6a00" />
      <circle cx="4.3" cy="8" r="1" fill="#fff" />
      <path d="M8 8h7M12.5 8v2.5M14.5 8v2" stroke="#8a6a00" strokeWidth="1.5" />
    </svg>
  );
}

/** Details list row icons: document (field/property), extension, critical extension (yellow "!"). */
export function RowIcon({ kind, critical }: { kind: 'field' | 'extension' | 'property'; critical: boolean }) {
  if (kind === 'extension' && critical) {
    return (
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <rect x="2.5" y="1.5" width="10" height="13" fill="#fff" stroke="#777" />
        <path d="M9 6.5l5.5 9h-11z" fill="#f2c200" stroke="#7a5b00" />
        <path d="M9 9.5v2.6" stroke="#3a2b00" strokeWidth="1.4" />
        <circle cx="9" cy="13.6" r="0.7" fill="#3a2b00" />
      </svg>
    );
  }
  if (kind === 'extension') {
    return (
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <rect x="2.5" y="1.5" width="10" height="13" fill="#fff" stroke="#777" />
        <path d="M4.5 5h6M4.5 7.5h6M4.5 10h4" stroke="#999" />
        <rect x="9" y="9" width="5.5" height="5.5" fill="#5b8fd6" stroke="#2b5ea8" />
      </svg>
    );
  }
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <rect x="2.5" y="1.5" width="11" height="13" fill="#fff" stroke="#777" />
      <path d="M4.5 5h7M4.5 7.5h7M4.5 10h5" stroke="#999" />
    </svg>
  );
}
