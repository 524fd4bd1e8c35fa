// Binds each operation of shared/api.ts to a service function. Transports loop over `handlers`.
import type { OperationName, Output, ParsedInput } from '../shared/api';
import { fleetHandlers } from './handlers/fleet';
import { inspectHandlers } from './handlers/inspect';
import { provisioningHandlers } from './handlers/provisioning';
import { requestHandlers } from './handlers/requests';
import { settingsHandlers } from './handlers/settings';
import { setupbinHandlers } from './handlers/setupbin';
import { windowsHandlers } from './handlers/windows';

export type Handlers = { [K in OperationName]: (input: ParsedInput<K>) => Promise<Output<K>> };

export const handlers: Handlers = {
  ...inspectHandlers,
  ...requestHandlers,
  ...windowsHandlers,
  ...settingsHandlers,
  ...setupbinHandlers,
  ...provisioningHandlers,
  ...fleetHandlers,
};
