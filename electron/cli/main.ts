// `certdesk`: the CLI over the same operations as the app (DESIGN.md, "CLI and JSON contract").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Help, type Option } from 'commander';
import { CertDeskError } from '../../shared/errors';
import { EXIT_ERROR, EXIT_OK, errorLine, reportError } from './io';

type Register = (program: Command) => void;

// Each command group is loaded only when its command runs (or for help): the CLI's cold start is
// benchmarked, and the request/Windows groups pull in SQLite, the keychain and zod.
/* eslint-disable @typescript-eslint/no-require-imports */
const groups: { commands: string[]; load: () => Register }[] = [
  { commands: ['inspect', 'check', 'roots', 'plan'], load: () => (require('./inspect') as typeof import('./inspect')).registerInspectCommands },
  { commands: ['request', 'export-pfx', 'expiring', 'where'], load: () => (require('./requests') as typeof import('./requests')).registerRequestCommands },
  { commands: ['setupbin'], load: () => (require('./setupbin') as typeof import('./setupbin')).registerSetupbinCommands },
  { commands: ['export-provisioning'], load: () => (require('./provisioning') as typeof import('./provisioning')).registerProvisioningCommands },
  { commands: ['repair-chain'], load: () => (require('./repair') as typeof import('./repair')).registerRepairCommands },
  { commands: ['settings'], load: () => (require('./settings') as typeof import('./settings')).registerSettingsCommands },
  {
    commands: ['store', 'service', 'acl', 'verify', 'association', 'elevation'],
    load: () => (require('./windows') as typeof import('./windows')).registerWindowsCommands,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

function groupsFor(argv: string[]): Register[] {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const owner = groups.find((group) => first !== undefined && group.commands.includes(first));
  return (owner ? [owner] : groups).map((group) => group.load());
}

function packageVersion(): string {
  // dist/electron/cli → project root, and electron/cli (tests run from sources) → project root.
  for (const up of ['../../..', '../..']) {
    try {
      return JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')).version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

export function buildProgram(argv: string[] = []): Command {
  const program = new Command('certdesk')
    .description('Intel AMT provisioning certificates: inspect, check, request, export and install.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError(false)
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(usageLine(text)) })
    .exitOverride();
  for (const register of groupsFor(argv)) register(program);
  forEachCommand(program, (command) => {
    command.exitOverride();
    command.configureHelp(helpWithoutEmptyDefaults);
    // Usage errors look like every other error: `certdesk: <message> [usage]`.
    command.configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(usageLine(text)) });
  });
  return program;
}

/** Commander's "error: unknown option '--x'" as the CLI's one error form, option values redacted. */
function usageLine(text: string): string {
  const message = redactOptionValues(text.trim().replace(/^error: /, ''));
  return `${errorLine(message.charAt(0).toUpperCase() + message.slice(1), 'usage')}\n`;
}

/** Help without "(default: [])" for repeatable options: an empty list is no default worth showing. */
const plainHelp = new Help();
const helpWithoutEmptyDefaults = {
  optionDescription: (option: Option): string => plainHelp.optionDescription(option).replace(/ \(default: \[\]\)$/, ''),
};

/**
 * Commander quotes an unknown option as typed, value included: `--password=Secret` on a command that
 * only takes --password-env, or `-pSecret`, would put a password into a terminal log or a CI log.
 */
export function redactOptionValues(message: string): string {
  return message.replace(/'(--[^'=\s]+)=[^']*'/g, "'$1=***'").replace(/'(-[A-Za-z0-9])[^-'][^']*'/g, "'$1***'");
}

function forEachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) forEachCommand(sub, visit);
}

let closedPipeHandled = false;

// `certdesk inspect … | head`: the reader went away; stop quietly instead of crashing with an EPIPE stack trace.
// Once per process: main() also runs many times in one process (fuzz workers, tests), and a listener per call leaks.
function endQuietlyOnClosedPipe(): void {
  if (closedPipeHandled) return;
  closedPipeHandled = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    });
  }
}

export async function main(argv: string[]): Promise<void> {
  endQuietlyOnClosedPipe();
  const json = argv.includes('--json');
  if (json) {
    // Usage errors must still produce exactly one JSON document on stdout.
    const silence = { writeErr: () => undefined, outputError: () => undefined };
    const program = buildProgram(argv);
    forEachCommand(program, (command) => command.configureOutput(silence));
    return run(program, argv, json);
  }
  return run(buildProgram(argv), argv, json);
}

async function run(program: Command, argv: string[], json: boolean): Promise<void> {
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
        process.exitCode = EXIT_OK;
        return;
      }
      const message = redactOptionValues(error.message.replace(/^error: /, ''));
      if (json) reportError(new CertDeskError('usage', message), true);
      else process.exitCode = EXIT_ERROR; // commander already printed the message
      return;
    }
    reportError(error, json);
  }
}
