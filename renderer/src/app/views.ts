// The top navigation: one entry per view. Adding a view = one component file + one line here.
import { FleetView } from '../views/fleet/FleetView';
import { InspectView } from '../views/inspect/InspectView';
import { InstallWizardView } from '../views/install/InstallWizardView';
import { RequestsListView } from '../views/requests/RequestsListView';
import { RequestWizardView } from '../views/requests/RequestWizardView';
import { SetupBinView } from '../views/setupbin/SetupBinView';
import type { ViewEntry } from './types';

export const views: ViewEntry[] = [
  { id: 'inspect', label: 'Inspect', component: InspectView },
  { id: 'request', label: 'Request wizard', component: RequestWizardView },
  { id: 'requests', label: 'Requests', component: RequestsListView },
  { id: 'install', label: 'Install wizard', component: InstallWizardView },
  { id: 'setupbin', label: 'USB setup.bin', component: SetupBinView },
  { id: 'fleet', label: 'Fleet', component: FleetView },
];
