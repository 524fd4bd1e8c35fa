// The app's one modal dialog (issue [9], shared components): role="dialog" (or "alertdialog") + aria-modal,
// named by its title; on open, focus moves inside; Tab / Shift-Tab stay inside; Escape closes; on close, focus
// goes back to what had it when the dialog opened (the button that opened it).
//
// `ModalFrame` is the behaviour around any layout (the certificate pop-up sheet, the root catalogue); `Modal` is
// the standard layout on top of it: a title bar and a body.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { tabStopRadios, trapTarget } from './focusTrap';
import './modal.css';

const CANDIDATES = 'a[href], button, input, select, textarea, summary, [tabindex]';

/** The dialog's Tab stops in document order: enabled, rendered, not tabindex=-1, one radio per group. */
export function focusableIn(box: HTMLElement): HTMLElement[] {
  const all = [...box.querySelectorAll<HTMLElement>(CANDIDATES)].filter(
    (el) =>
      el.tabIndex >= 0 &&
      !el.matches(':disabled') &&
      !(el instanceof HTMLInputElement && el.type === 'hidden') &&
      // No boxes: display:none, inside a closed <details>, or the `hidden` attribute.
      el.getClientRects().length > 0 &&
      getComputedStyle(el).visibility !== 'hidden',
  );
  const radios = all.filter((el): el is HTMLInputElement => el instanceof HTMLInputElement && el.type === 'radio');
  const stops = tabStopRadios(radios);
  return all.filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio') || stops.has(el));
}

export interface ModalFrameProps {
  /** Escape, and the caller's own Close / Cancel / OK buttons. */
  onClose(): void;
  /** The id of the element (rendered by the caller, inside) that names the dialog. */
  labelledBy: string;
  describedBy?: string;
  role?: 'dialog' | 'alertdialog';
  /** Classes of the dialog box (default "modal"). */
  className?: string;
  /** Classes added to the backdrop's "modal-backdrop". */
  backdropClassName?: string;
  /** The element to focus on open; default: the one marked data-autofocus, else the first Tab stop. */
  initialFocus?(box: HTMLElement): HTMLElement | null | undefined;
  /**
   * False while a pop-up of this dialog is stacked on top of it as a sibling (the certificate dialog's
   * View Certificate pop-ups): then keys are the top one's business. A pop-up rendered inside the dialog needs
   * nothing: it handles its own Escape and stops it there.
   */
  active?: boolean;
  children: ReactNode;
}

export function ModalFrame(props: ModalFrameProps) {
  const box = useRef<HTMLDivElement>(null);
  const initialFocus = useRef(props.initialFocus);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = box.current;
    if (root) {
      const target = initialFocus.current?.(root) ?? root.querySelector<HTMLElement>('[data-autofocus]') ?? focusableIn(root)[0] ?? root;
      target.focus();
    }
    // When React removes the dialog; an opener that went away meanwhile (a deleted row) is left alone.
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (props.active === false || !box.current) return;
    // A key from a modal nested inside this one (rendered among its children) is that modal's business: its Tab
    // must not be re-wrapped here, its Escape must not close this one too.
    if (event.target instanceof Element && event.target.closest('[aria-modal="true"]') !== box.current) return;
    if (event.key === 'Escape') {
      // A control inside that used Escape for itself (closing its own list) has said so.
      if (event.defaultPrevented) return;
      event.preventDefault();
      event.stopPropagation();
      props.onClose();
      return;
    }
    if (event.key !== 'Tab') return;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const inside = active !== null && active !== box.current && box.current.contains(active);
    const target = trapTarget(focusableIn(box.current), active, event.shiftKey, inside);
    if (target) {
      event.preventDefault();
      target.focus();
    }
  };

  return (
    <div className={`modal-backdrop${props.backdropClassName ? ` ${props.backdropClassName}` : ''}`}>
      <div
        ref={box}
        className={props.className ?? 'modal'}
        role={props.role ?? 'dialog'}
        aria-modal="true"
        aria-labelledby={props.labelledBy}
        aria-describedby={props.describedBy}
        // Focusable itself so a click on its text keeps focus (and Escape) inside; never a Tab stop.
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        {props.children}
      </div>
    </div>
  );
}

/** The standard modal: a title bar naming the dialog, then a body. */
export function Modal(props: { title: string; onClose(): void; children: ReactNode; wide?: boolean; role?: 'dialog' | 'alertdialog'; describedBy?: string }) {
  const id = useId();
  return (
    <ModalFrame
      className={`modal cd-modal${props.wide ? ' cd-modal-wide' : ''}`}
      role={props.role}
      labelledBy={`${id}-title`}
      describedBy={props.describedBy}
      onClose={props.onClose}
    >
      <div className="modal-title" id={`${id}-title`}>
        {props.title}
      </div>
      <div className="modal-body cd-modal-body">{props.children}</div>
    </ModalFrame>
  );
}
