// Handlers of issue [10] item 2: export to rps and MeshCentral (shared/contract/provisioning.ts).
import type { ProvisioningInput } from '../../../shared/contract/provisioning';
import { checkProvisioning, exportProvisioning } from '../../engine/provisioning/export';

export const provisioningHandlers = {
  'provisioning.check': async (input: ProvisioningInput) => checkProvisioning(input),
  // A file-producing operation: the page transports take `fileBase64` out (shared/contract/files.ts).
  'provisioning.export': async (input: ProvisioningInput) => exportProvisioning(input),
};
