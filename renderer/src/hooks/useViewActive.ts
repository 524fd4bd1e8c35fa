// Whether the view this element sits in is the one shown. Views stay mounted (hidden) when another is
// selected; file inputs are rendered only in the active view so the page never holds several at once.
import { useEffect, useState, type RefObject } from 'react';

export function useViewActive(ref: RefObject<HTMLElement | null>): boolean {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const main = ref.current?.closest('main');
    if (!main) {
      setActive(true);
      return;
    }
    const update = () => setActive(!main.hidden);
    update();
    const observer = new MutationObserver(update);
    observer.observe(main, { attributes: true, attributeFilter: ['hidden'] });
    return () => observer.disconnect();
  }, [ref]);
  return active;
}
