// Files to open that arrive before the window can take them.

/**
 * Paths to open that arrive before the window can take them (command line at start, macOS open-file
 * before `ready`, a second instance while loading) wait here; `ready()` delivers them in order and
 * every later `push()` is delivered at once.
 */
export interface OpenFileQueue {
  push(filePath: string): void;
  /** Starts delivery (window loaded). */
  ready(deliver: (filePath: string) => void): void;
  /** Stops delivery again (window closed; a new window calls ready() again). */
  pause(): void;
  pending(): readonly string[];
}

export function createOpenFileQueue(): OpenFileQueue {
  let waiting: string[] = [];
  let deliver: ((filePath: string) => void) | null = null;
  return {
    push(filePath) {
      if (deliver) deliver(filePath);
      else if (!waiting.includes(filePath)) waiting.push(filePath);
    },
    ready(fn) {
      deliver = fn;
      const queued = waiting;
      waiting = [];
      for (const filePath of queued) fn(filePath);
    },
    pause() {
      deliver = null;
    },
    pending() {
      return [...waiting];
    },
  };
}
