// Runs an operation through the same dispatch as the app's transports (schema validation included).
import type { Input, OperationName, Output } from '../../shared/api';
import { CertDeskError } from '../../shared/errors';
import { dispatch } from '../operations/dispatch';

export async function call<K extends OperationName>(name: K, input: Input<K>): Promise<Output<K>> {
  const result = await dispatch(name, input);
  if (!result.ok) throw new CertDeskError(result.error.code, result.error.message);
  return result.result as Output<K>;
}
