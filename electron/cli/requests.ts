import type { Command } from 'commander';

/** Commands of issue [3]: request new|list|show|delete|complete, export-pfx, expiring. */
export function registerRequestCommands(_program: Command): void {}
