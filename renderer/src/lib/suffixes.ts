// The DNS suffix box: "corp.example.com, lab.example.com" or one per space → ['corp.example.com', 'lab.example.com'].
export function parseDnsSuffixes(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.split(/[\s,;]+/)) {
    const suffix = raw.trim().replace(/^\.+/, '').replace(/\.+$/, '').toLowerCase();
    if (suffix) seen.add(suffix);
  }
  return [...seen];
}
