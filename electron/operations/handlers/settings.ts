// Handlers of the settings operations (shared/contract/settings.ts): the trusted roots and device hash lists kept
// in the data folder's settings.json (electron/engine/settings.ts).
import type { CertDeskSettings, ParsedSettingsSetInput } from '../../../shared/contract/settings';
import { getSettings, setSettings } from '../../engine/settings';

export const settingsHandlers = {
  'settings.get': async (_input: Record<string, never>): Promise<CertDeskSettings> => getSettings(),
  'settings.set': async (input: ParsedSettingsSetInput): Promise<CertDeskSettings> => setSettings(input),
};
