import type { Command } from 'commander';

/** Commands of issue [4]: store import, service list, acl show|grant, verify. */
export function registerWindowsCommands(_program: Command): void {}
