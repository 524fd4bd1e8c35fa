// One transport-agnostic entry for every operation: validate the input with the contract's schema, run
// the handler, map failures to { code, message }. IPC (ipc.ts), the preview server and tests call this.
import { operations, type OperationName } from '../shared/api';
import { CertDeskError, toErrorInfo, type ErrorInfo } from '../shared/errors';
import { handlers } from './api';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorInfo };

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

export async function dispatch(name: unknown, rawInput: unknown): Promise<DispatchResult> {
  try {
    if (!isOperationName(name)) throw new CertDeskError('usage', `Unknown operation: ${String(name).slice(0, 80)}`);
    const parsed = operations[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      throw new CertDeskError('usage', `Invalid input for ${name}${where}: ${issue?.message ?? 'rejected'}`);
    }
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    if (process.env.CERTDESK_DEBUG === '1') console.error(error);
    return { ok: false, error: toErrorInfo(error) };
  }
}
