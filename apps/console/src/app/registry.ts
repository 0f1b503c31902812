import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import type { Me } from '../auth/access';
import type { MessageKey } from '../i18n';

/** Menu groups, in menu order. */
export type NavGroupKey = 'home' | 'platform' | 'org' | 'coverage' | 'dual' | 'admin';

/**
 * One page of the console. Each feature folder exports its pages; `pages.ts` lists the features.
 * A later service adds a folder and one line there: routes, menu and access follow from this.
 */
export interface ConsolePage {
  /** Route path without the leading slash, e.g. `org/compounds/:id`. */
  path: string;
  element: LazyExoticComponent<ComponentType>;
  /** Who may open it; the menu hides it from the others and the route answers 403. */
  allow: (me: Me) => boolean;
  /** In the menu when given (detail pages are reached from lists, not the menu). */
  nav?: { group: NavGroupKey; label: MessageKey; icon: ReactNode; order: number };
  /** A page outside the menu (a detail page): the menu entry it belongs to, e.g. `org/tree`. */
  menu?: string;
  /** Shown on the home page as a shortcut. */
  shortcut?: { description: MessageKey };
}
