import { CertDeskError } from '../../shared/errors';
import type { InspectInput, PlanInput } from '../../shared/contract/inspect';
import type { InspectResult, PlanResult, RootEntry } from '../../shared/dto';

export const inspectHandlers = {
  async inspect(_input: InspectInput): Promise<InspectResult> {
    throw new CertDeskError('internal', 'not built yet');
  },
  async roots(_input: Record<string, never>): Promise<RootEntry[]> {
    throw new CertDeskError('internal', 'not built yet');
  },
  async plan(_input: PlanInput): Promise<PlanResult> {
    throw new CertDeskError('internal', 'not built yet');
  },
};
