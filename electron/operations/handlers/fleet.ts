// Handler of issue [10] item 4: the fleet view (shared/contract/fleet.ts). One batch of files per call; a file
// over 10 MiB becomes its own too-large row (services/fleet.ts), not a failure of the batch.
import type { FleetCheckInput, FleetResult } from '../../../shared/contract/fleet';
import { checkFleet } from '../../engine/fleet';

export const fleetHandlers = {
  'fleet.check': async (input: FleetCheckInput): Promise<FleetResult> =>
    checkFleet(
      input.files.map((f) => ({ name: f.fileName, bytes: Buffer.from(f.contentBase64, 'base64'), ...(f.password !== undefined ? { password: f.password } : {}) })),
      { password: input.password, amtVersions: input.amtVersions, trustRootHashes: input.trustRootHashes },
    ),
};
