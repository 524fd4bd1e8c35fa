// Pass / warning / fail / note icons with their text alternative (the word is the accessible name).
import type { CheckStatus } from '../../../shared/dto';

export type IconStatus = CheckStatus | 'note';

const STATUS_TEXT: Record<IconStatus, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail', note: 'Note' };

export function StatusIcon({ status, label }: { status: IconStatus; label?: string }) {
  return (
    <span className={`status-icon status-${status}`} role="img" aria-label={label ?? STATUS_TEXT[status]}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        {status === 'pass' && (
          <>
            <circle cx="8" cy="8" r="7.5" fill="#1e7b34" />
            <path d="M4.3 8.3l2.4 2.4 5-5" fill="none" stroke="#fff" strokeWidth="1.8" />
          </>
        )}
        {status === 'warn' && (
          <>
            <path d="M8 0.8l7.4 13.6H0.6z" fill="#e0a800" stroke="#7a5b00" />
            <path d="M8 5.2v4.6" stroke="#2b2000" strokeWidth="1.7" />
            <circle cx="8" cy="12" r="1" fill="#2b2000" />
          </>
        )}
        {status === 'fail' && (
          <>
            <circle cx="8" cy="8" r="7.5" fill="#c62828" />
            <path d="M5 5l6 6M11 5l-6 6" stroke="#fff" strokeWidth="1.8" />
          </>
        )}
        {status === 'note' && (
          <>
            <circle cx="8" cy="8" r="7.5" fill="#0067c0" />
            <circle cx="8" cy="4.6" r="1.1" fill="#fff" />
            <path d="M8 7v5.2" stroke="#fff" strokeWidth="1.8" />
          </>
        )}
      </svg>
    </span>
  );
}
