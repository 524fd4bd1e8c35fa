// The modal's Tab rule (renderer/src/components/focusTrap.ts), pure: wrap at both ends, leave the middle to the
// browser, bring stray focus back in; and the browser's one-Tab-stop-per-radio-group rule.
import { describe, expect, it } from 'vitest';
import { tabStopRadios, trapTarget } from '../../../renderer/src/components/focusTrap';

describe('trapTarget', () => {
  const list = ['close', 'filter', 'table', 'remove'];

  it('wraps Tab from the last stop to the first, Shift-Tab from the first to the last', () => {
    expect(trapTarget(list, 'remove', false, true)).toBe('close');
    expect(trapTarget(list, 'close', true, true)).toBe('remove');
  });

  it('leaves moves between stops inside to the browser', () => {
    expect(trapTarget(list, 'close', false, true)).toBeNull();
    expect(trapTarget(list, 'filter', true, true)).toBeNull();
    expect(trapTarget(list, 'table', false, true)).toBeNull();
    expect(trapTarget(list, 'remove', true, true)).toBeNull();
  });

  it('brings focus from outside (or the box itself) back to the near end', () => {
    expect(trapTarget(list, null, false, false)).toBe('close');
    expect(trapTarget(list, 'page-button', false, false)).toBe('close');
    expect(trapTarget(list, 'page-button', true, false)).toBe('remove');
  });

  it('keeps the browser order for a focused element inside that is not a stop', () => {
    expect(trapTarget(list, 'scroll-child', false, true)).toBeNull();
  });

  it('a single stop wraps to itself; no stops: nothing to do', () => {
    expect(trapTarget(['ok'], 'ok', false, true)).toBe('ok');
    expect(trapTarget(['ok'], 'ok', true, true)).toBe('ok');
    expect(trapTarget([], null, false, false)).toBeNull();
  });
});

describe('tabStopRadios', () => {
  it('stops on the checked radio of a group, else the first; a radio without a name is alone', () => {
    const der = { id: 'der', name: 'fmt', checked: false };
    const b64 = { id: 'b64', name: 'fmt', checked: true };
    const a = { id: 'a', name: 'other', checked: false };
    const b = { id: 'b', name: 'other', checked: false };
    const lone = { id: 'lone', name: '', checked: false };
    const stops = tabStopRadios([der, b64, a, b, lone]);
    expect([...stops].map((r) => r.id).sort()).toEqual(['a', 'b64', 'lone']);
  });
});
