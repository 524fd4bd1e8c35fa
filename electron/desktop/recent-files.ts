// The recent-files list of the File menu: pure list operations and its stored form.

export const RECENT_LIMIT = 10;

/** A new list with `filePath` first, without duplicates, at most `limit` long. */
export function addRecent(list: readonly string[], filePath: string, limit = RECENT_LIMIT): string[] {
  return [filePath, ...list.filter((item) => item !== filePath)].slice(0, limit);
}

export function removeRecent(list: readonly string[], filePath: string): string[] {
  return list.filter((item) => item !== filePath);
}

/** Parses the stored recent list; anything malformed gives an empty list (it is only a convenience). */
export function parseRecentList(text: string, limit = RECENT_LIMIT): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    const paths = value.filter((item): item is string => typeof item === 'string' && item.length > 0 && item.length < 4096);
    return [...new Set(paths)].slice(0, limit);
  } catch {
    return [];
  }
}

export function serializeRecentList(list: readonly string[]): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}
