// `certdesk settings show`: what the app keeps in the data folder's settings.json (trusted root hashes, saved
// device hash lists and the one in force). The CLI itself takes them per run (--trust-root-hash, --device-hashes).
import type { Command } from 'commander';
import type { CertDeskSettings } from '../../shared/contract/settings';
import { getSettings } from '../engine/settings';
import { humanDate, type JsonOption, runCommand, style, writeJson, writeLines } from './io';

function render(s: CertDeskSettings): string[] {
  const lines = [`Settings file: ${s.file}`, ''];
  lines.push(style.bold(`Trusted roots (their hash is in your devices): ${s.trustedRoots.length}`));
  for (const r of s.trustedRoots) lines.push(`  ${r.hash}  ${r.name ?? '(unnamed)'}, since ${humanDate(r.addedAt)}${r.note ? ` (${r.note})` : ''}`);
  lines.push('', style.bold(`Device hash lists: ${s.deviceHashLists.length}`));
  for (const l of s.deviceHashLists) {
    const inForce = l.fileName === s.activeDeviceHashList ? ' [in force]' : '';
    lines.push(`  ${l.fileName}: ${l.source}, ${l.active} active, saved ${humanDate(l.savedAt)}${inForce}`);
  }
  if (s.trustedRoots.length) lines.push('', `To use them with check: --trust-root-hash ${s.trustedRoots[0].hash}${s.trustedRoots.length > 1 ? ' (once per hash)' : ''}`);
  return lines;
}

export function registerSettingsCommands(program: Command): void {
  const settings = program.command('settings').description("the app's settings kept in the data folder: trusted root hashes, device hash lists");
  settings
    .command('show')
    .description('show the trusted root hashes and the saved device hash lists (settings.json in the data folder)')
    .option('--json', 'print one JSON document')
    .action((options: JsonOption) =>
      runCommand(options, async () => getSettings(), (s) => {
        if (options.json) writeJson(s);
        else writeLines(render(s));
      }),
    );
}
