// Handlers of issue [10] item 3: chain repair (shared/contract/repair.ts).
import type { ChainPathsInput, ChainRepairInput } from '../../../shared/contract/repair';
import { chainPaths, repairChain, requestFromInput } from '../../engine/repair';
import { decodeUpload } from './inspect';

export const repairHandlers = {
  'chain.paths': async (input: ChainPathsInput) => chainPaths(requestFromInput(input, decodeUpload)),
  // A file-producing operation: the page transports take `fileBase64` out (shared/contract/files.ts).
  'chain.repair': async (input: ChainRepairInput) => {
    const { outPassword, output, legacy, friendlyName, ...rest } = input;
    return repairChain({ ...requestFromInput(rest, decodeUpload), outPassword, output, legacy, friendlyName });
  },
};
