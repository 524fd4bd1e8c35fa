// The one list of operations. Every transport (IPC, preview HTTP, CLI) loops over this table; adding an
// operation is one schema here, one handler in electron/operations/handler-table.ts, one call in the UI.
import type { z } from 'zod';
import { fleetOperations } from './contract/fleet';
import { inspectOperations } from './contract/inspect';
import type { Operation } from './contract/operation';
import { provisioningOperations } from './contract/provisioning';
import { repairOperations } from './contract/repair';
import { requestOperations } from './contract/requests';
import { settingsOperations } from './contract/settings';
import { setupbinOperations } from './contract/setupbin';
import { windowsOperations } from './contract/windows';

export const operations = {
  ...inspectOperations,
  ...requestOperations,
  ...windowsOperations,
  ...settingsOperations,
  ...setupbinOperations,
  ...provisioningOperations,
  ...fleetOperations,
  ...repairOperations,
} satisfies Record<string, Operation<z.ZodType, unknown>>;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type Input<K extends OperationName> = z.input<Operations[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Operations[K]['input']>;
export type Output<K extends OperationName> = NonNullable<Operations[K]['output']>;

export const operationNames = Object.keys(operations) as OperationName[];

/** What the renderer sees as `window.certdesk`: one async function per operation. */
export type CertDeskApi = { [K in OperationName]: (input: Input<K>) => Promise<Output<K>> };
