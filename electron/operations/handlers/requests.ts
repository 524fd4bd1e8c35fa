// Handlers of issue [3]: each operation of shared/contract/requests.ts bound to its service function.
import type {
  ExpiringInput,
  ExportPfxInput,
  RequestCompleteInput,
  RequestIdInput,
  RequestNewInput,
} from '../../../shared/contract/requests';
import { completeRequest, deleteRequest, expiring, exportPfx, listAll, newRequest, showRequest, vaultStatus } from '../../engine/requests/service';

export const requestHandlers = {
  'vault.status': (_input: Record<string, never>) => vaultStatus(),
  'request.new': (input: RequestNewInput) => newRequest(input),
  'request.list': (_input: Record<string, never>) => listAll(),
  'request.show': (input: RequestIdInput) => showRequest(input.id),
  'request.delete': (input: RequestIdInput) => deleteRequest(input.id),
  'request.complete': (input: RequestCompleteInput) => completeRequest(input),
  'export.pfx': (input: ExportPfxInput) => exportPfx(input),
  expiring: (input: ExpiringInput) => expiring(input),
};
