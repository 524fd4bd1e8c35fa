// The README's CLI synopsis (the first code block under "## CLI") names every command and every option that the
// built CLI's --help lists: a command or option added to the CLI without a synopsis line fails here.
// Runs the real built CLI (bin/certdesk.js → dist/): `npm run build` first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli';

/** The lines of a help section ("Options:", "Commands:") up to the next blank line. */
function helpSection(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line.trim() === title);
  if (start === -1) return [];
  const end = lines.findIndex((line, at) => at > start && line.trim() === '');
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** An entry's own lines start with two spaces; wrapped descriptions are indented further. */
const entryName = (line: string): string | undefined => /^ {2}(?! )(?:-\w, )?(\S+)/.exec(line)?.[1];

function helpOf(path: string[]): string {
  const run = runCli([...path, '--help']);
  if (run.code !== 0) throw new Error(`certdesk ${path.join(' ')} --help exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}

interface CommandHelp {
  path: string[];
  options: string[];
}

/** Every command of the CLI, depth first, with the long options its --help lists (--help itself left out). */
function commandTree(path: string[] = []): CommandHelp[] {
  const help = helpOf(path);
  const options = helpSection(help, 'Options:')
    .map(entryName)
    .filter((name): name is string => name !== undefined && name.startsWith('--') && name !== '--help');
  const subcommands = helpSection(help, 'Commands:')
    .map(entryName)
    .filter((name): name is string => name !== undefined && name !== 'help');
  return [{ path, options }, ...subcommands.flatMap((name) => commandTree([...path, name]))];
}

/** The synopsis entries: a line starting with `certdesk`, plus the indented lines that continue it. */
function synopsisEntries(readme: string): string[] {
  const cli = readme.indexOf('\n## CLI\n');
  if (cli === -1) throw new Error('README.md has no "## CLI" section');
  const open = readme.indexOf('```', cli);
  const close = readme.indexOf('```', readme.indexOf('\n', open));
  const entries: string[] = [];
  let current: string | undefined;
  for (const line of readme.slice(readme.indexOf('\n', open) + 1, close).split('\n')) {
    if (line.startsWith('certdesk')) {
      if (current !== undefined) entries.push(current);
      current = line;
    } else if (current !== undefined && /^\s+\S/.test(line)) {
      current += ` ${line.trim()}`;
    } else {
      if (current !== undefined) entries.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) entries.push(current);
  return entries;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const hasToken = (text: string, token: string) => new RegExp(`(^|[\\s|\\[(])${escape(token)}(?![\\w-])`).test(text);

/** The synopsis entries for a command: `certdesk <first> …` naming each further word of the path. */
function entriesFor(entries: string[], path: string[]): string[] {
  if (path.length === 0) return entries;
  const [first, ...rest] = path;
  return entries.filter((entry) => entry.split(/\s+/)[1] === first && rest.every((word) => hasToken(entry, word)));
}

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const entries = synopsisEntries(readme);
const commands = commandTree();

describe('the README CLI synopsis', () => {
  it('reads the commands from the built CLI', () => {
    expect(commands.length).toBeGreaterThan(20);
    expect(entries.length).toBeGreaterThan(20);
  });

  it.each(commands.map((command) => [command.path.join(' ') || '(no command)', command] as const))(
    '`certdesk %s` and each of its options are in the synopsis',
    (_name, command) => {
      const lines = entriesFor(entries, command.path);
      expect(lines, `no synopsis line for \`certdesk ${command.path.join(' ')}\``).not.toEqual([]);
      const text = lines.join('\n');
      expect(command.options.filter((option) => !hasToken(text, option))).toEqual([]);
    },
  );
});
