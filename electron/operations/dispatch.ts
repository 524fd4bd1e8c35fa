// One transport-agnostic entry for every operation: validate the input with the contract's schema, run
// the handler, map failures to { code, message }. IPC (ipc.ts), the preview server and tests call this.
import { operations, type OperationName } from '../../shared/api';
import { CertDeskError, toErrorInfo, type ErrorInfo } from '../../shared/errors';
import { handlerFor } from './handler-table';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ErrorInfo };

/** Longest piece of caller-controlled text (a key name, a path) that an error message repeats. */
const ECHO_LIMIT = 80;

function clip(text: string, limit = ECHO_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** The first schema issue as one short sentence: the field path and message clipped, so a hostile key is not echoed whole. */
function describeIssue(name: string, issue: { path: PropertyKey[]; message: string } | undefined): string {
  const path = issue?.path.map((part) => clip(String(part), 40)).join('.') ?? '';
  const where = path ? ` (${clip(path)})` : '';
  return `Invalid input for ${name}${where}: ${clip(issue?.message ?? 'rejected', 200)}`;
}

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

export async function dispatch(name: unknown, rawInput: unknown): Promise<DispatchResult> {
  try {
    if (!isOperationName(name)) throw new CertDeskError('usage', `Unknown operation: ${typeof name === 'string' ? clip(name) : typeof name}`);
    const parsed = operations[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) throw new CertDeskError('usage', describeIssue(name, parsed.error.issues[0]));
    const handler = (await handlerFor(name)) as (input: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (error) {
    if (process.env.CERTDESK_DEBUG === '1') console.error(error);
    return { ok: false, error: toErrorInfo(error) };
  }
}
