import type { InspectInput, PlanInput } from '../../../shared/contract/inspect';
import { MAX_FILE_BYTES } from '../../../shared/contract/operation';
import type { InspectResult, PlanResult, RootEntry } from '../../../shared/dto';
import { CertDeskError } from '../../../shared/errors';
import { planCertificates } from '../../engine/amt/plan';
import { rootCatalogue } from '../../engine/amt/roots';
import { inspectBytes } from '../../engine/inspect';

/** Bytes uploaded by a page or read by the CLI, as base64 in the contract. */
export function decodeUpload(contentBase64: string): Buffer {
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length > MAX_FILE_BYTES) throw new CertDeskError('too-large', 'Certificate files over 10 MiB are refused.');
  return bytes;
}

export const inspectHandlers = {
  async inspect(input: InspectInput): Promise<InspectResult> {
    const { caBundles, ...rest } = input;
    const bundles = caBundles?.map((b) => ({ fileName: b.fileName, bytes: decodeUpload(b.contentBase64) }));
    return inspectBytes({ ...rest, bytes: decodeUpload(input.contentBase64), ...(bundles ? { caBundles: bundles } : {}) });
  },
  async roots(_input: Record<string, never>): Promise<RootEntry[]> {
    return rootCatalogue();
  },
  async plan(input: PlanInput): Promise<PlanResult> {
    return planCertificates(input);
  },
};
