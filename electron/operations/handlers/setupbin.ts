// Handlers of issue [10] item 1: the custom-root kit (shared/contract/setupbin.ts).
import type { SetupBinCreateInput, SetupBinShowInput } from '../../../shared/contract/setupbin';
import { createSetupBin, showSetupBin } from '../../engine/amt/setupbin/create';
import { decodeUpload } from './inspect';

export const setupbinHandlers = {
  'setupbin.create': async (input: SetupBinCreateInput) => createSetupBin(input),
  // Never with secrets: a page may be the caller. The CLI's --show-secrets reads in-process.
  'setupbin.show': async (input: SetupBinShowInput) => showSetupBin(input.fileName, decodeUpload(input.contentBase64)),
};
