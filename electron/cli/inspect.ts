import type { Command } from 'commander';

/** inspect, check, roots, plan. */
export function registerInspectCommands(_program: Command): void {}
