import type { ComponentType } from 'react';

export interface ViewProps {
  /** Switch to another view by id (e.g. the General tab's "Install Certificate..." → 'install'). */
  navigate(viewId: string): void;
  /** Whether a view with this id exists (later issues add views). */
  hasView(viewId: string): boolean;
}

export interface ViewEntry {
  id: string;
  label: string;
  component: ComponentType<ViewProps>;
}
