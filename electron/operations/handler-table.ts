// Binds each operation of shared/api.ts to a service function. Transports reach them through handlerFor().
//
// A group's handler module loads on the group's first call, not at start-up: `certdesk inspect` is benchmarked
// whole-process against openssl, and the provisioning group alone pulls in node-forge, the requests group SQLite
// and the keychain. The type check below still proves at compile time that every operation has a handler.
import type { OperationName, Output, ParsedInput } from '../../shared/api';
import { fleetOperations } from '../../shared/contract/fleet';
import { inspectOperations } from '../../shared/contract/inspect';
import { provisioningOperations } from '../../shared/contract/provisioning';
import { repairOperations } from '../../shared/contract/repair';
import { requestOperations } from '../../shared/contract/requests';
import { settingsOperations } from '../../shared/contract/settings';
import { setupbinOperations } from '../../shared/contract/setupbin';
import { windowsOperations } from '../../shared/contract/windows';
import type { fleetHandlers } from './handlers/fleet';
import type { inspectHandlers } from './handlers/inspect';
import type { provisioningHandlers } from './handlers/provisioning';
import type { repairHandlers } from './handlers/repair';
import type { requestHandlers } from './handlers/requests';
import type { settingsHandlers } from './handlers/settings';
import type { setupbinHandlers } from './handlers/setupbin';
import type { windowsHandlers } from './handlers/windows';

export type Handlers = { [K in OperationName]: (input: ParsedInput<K>) => Promise<Output<K>> };

type AllHandlers = typeof inspectHandlers &
  typeof requestHandlers &
  typeof windowsHandlers &
  typeof settingsHandlers &
  typeof setupbinHandlers &
  typeof provisioningHandlers &
  typeof fleetHandlers &
  typeof repairHandlers;
// Fails to compile when an operation of shared/api.ts has no handler or a handler has the wrong signature.
const everyOperationHandled: AllHandlers extends Handlers ? true : never = true;
void everyOperationHandled;

// Dynamic import(), not require(): tsc turns it into a lazy require for dist/, esbuild inlines it for the
// Electron bundle, and vitest resolves it to the TypeScript sources.
const groups: { operations: object; load: () => Promise<Partial<Handlers>> }[] = [
  { operations: inspectOperations, load: async () => (await import('./handlers/inspect.js')).inspectHandlers },
  { operations: requestOperations, load: async () => (await import('./handlers/requests.js')).requestHandlers },
  { operations: windowsOperations, load: async () => (await import('./handlers/windows.js')).windowsHandlers },
  { operations: settingsOperations, load: async () => (await import('./handlers/settings.js')).settingsHandlers },
  { operations: setupbinOperations, load: async () => (await import('./handlers/setupbin.js')).setupbinHandlers },
  { operations: provisioningOperations, load: async () => (await import('./handlers/provisioning.js')).provisioningHandlers },
  { operations: fleetOperations, load: async () => (await import('./handlers/fleet.js')).fleetHandlers },
  { operations: repairOperations, load: async () => (await import('./handlers/repair.js')).repairHandlers },
];

export async function handlerFor<K extends OperationName>(name: K): Promise<Handlers[K]> {
  const group = groups.find((candidate) => Object.prototype.hasOwnProperty.call(candidate.operations, name));
  const handler = group ? (await group.load())[name] : undefined;
  if (!handler) throw new Error(`No handler for the operation ${name}`);
  return handler as Handlers[K];
}
