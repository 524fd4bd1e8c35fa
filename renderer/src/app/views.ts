// The top navigation: one entry per view. Adding a view = one component file + one line here.
import { InspectView } from '../views/inspect/InspectView';
import type { ViewEntry } from './types';

export const views: ViewEntry[] = [
  { id: 'inspect', label: 'Inspect', component: InspectView },
  // { id: 'request', label: 'Request wizard', component: RequestWizardView },   (issue [3])
  // { id: 'requests', label: 'Requests', component: RequestsListView },          (issue [3])
  // { id: 'install', label: 'Install wizard', component: InstallWizardView },    (issue [4])
];
