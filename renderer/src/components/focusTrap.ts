// Where Tab / Shift-Tab goes inside a modal dialog, as a pure rule over the dialog's focusable elements in tab
// order (so it can be tested in Node): from the last, Tab wraps to the first; from the first, Shift-Tab wraps to
// the last; from anywhere else inside, the browser's own order applies. Focus that is not on one of them (the
// dialog box itself, or somewhere outside after a click on the backdrop) is brought back to the near end.

/**
 * The element to focus instead of the browser's next one, or null to let the browser move focus.
 * `inside`: whether the focused element is a descendant of the dialog (one the list does not name, such as a
 * scroll region's child, keeps the browser's order).
 */
export function trapTarget<T>(focusable: readonly T[], active: T | null, backwards: boolean, inside: boolean): T | null {
  if (focusable.length === 0) return null;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const at = active === null ? -1 : focusable.indexOf(active);
  if (at < 0) return inside ? null : backwards ? last : first;
  if (backwards && at === 0) return last;
  if (!backwards && at === focusable.length - 1) return first;
  return null;
}

export interface RadioLike {
  name: string;
  checked: boolean;
}

/**
 * Radio buttons the Tab key stops on: per group (same name), the checked one, or the first one when none is
 * checked — the browser's rule. A radio without a name is its own group.
 */
export function tabStopRadios<T extends RadioLike>(radios: readonly T[]): Set<T> {
  const stops = new Set<T>();
  const groups = new Map<string, T[]>();
  for (const radio of radios) {
    if (!radio.name) {
      stops.add(radio);
      continue;
    }
    const group = groups.get(radio.name) ?? [];
    group.push(radio);
    groups.set(radio.name, group);
  }
  for (const group of groups.values()) stops.add(group.find((r) => r.checked) ?? group[0]);
  return stops;
}
