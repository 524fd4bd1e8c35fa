// The requests feature: new (key + CSR, key sealed in the vault), list/show/delete, complete (the CA's reply,
// matched to its request by public key), PFX export, expiring certificates. One transaction per change.
// The operations live one file per concern (context, records, new-request, list, complete, export, expiring);
// this file wraps them in guarded() and is what the handlers, the CLI and the tests import.
import { guarded } from './context';
import { completeRequestOp } from './complete';
import { expiringOp } from './expiring';
import { exportableRequestOp, exportPfxOp } from './export';
import { deleteRequestOp, listAllOp, showRequestOp } from './list';
import { newRequestOp } from './new-request';

export { closeDatabase, database, setPassphraseProvider, vaultStatus } from './context';
export { type ChainOptions, type PfxExpectation, verifyPfx } from './export';
export { incompleteChainError, spkiSha256 } from './records';

// ---------------------------------------------------------------- the operations, as the handlers call them

export const newRequest = guarded(newRequestOp);
export const listAll = guarded(listAllOp);
export const showRequest = guarded(showRequestOp);
export const deleteRequest = guarded(deleteRequestOp);
export const completeRequest = guarded(completeRequestOp);
export const exportableRequest = guarded(exportableRequestOp);
export const exportPfx = guarded(exportPfxOp);
export const expiring = guarded(expiringOp);
