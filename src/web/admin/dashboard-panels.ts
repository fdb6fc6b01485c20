/**
 * The dashboard's panels: what is waiting for the signed-in user. A module adds its panel with one line at the end of
 * DASHBOARD_PANELS (e.g. "applications due this week" from requests, "drafts to review" from the catalogue). Each
 * function checks permissions itself and returns null when it has nothing for this user.
 */
import type { Principal } from '../../accounts/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { accountsPanel } from './account-panel.ts';

/** One item in a panel. */
export interface PanelItem {
  /** Text in Chinese and English. */
  zh: string;
  en: string;
  href?: string;
  /** A number shown as a badge (e.g. how many are waiting). */
  count?: number;
  /** Badge colour: `bad` for overdue, `warn` for due soon. */
  tone?: 'ok' | 'warn' | 'bad';
}

/** A dashboard panel. */
export interface Panel {
  /** Stable id, used for the heading's id. */
  id: string;
  titleZh: string;
  titleEn: string;
  items: PanelItem[];
  /** What to say when `items` is empty. */
  emptyZh?: string;
  emptyEn?: string;
  /** A "see all" link. */
  href?: string;
  /** Lower first; defaults to 100. */
  order?: number;
}

/** A panel provider. */
export type PanelProvider = (ctx: Ctx, principal: Principal) => Promise<Panel | null>;

/** The registered panels (modules push theirs here). */
export const DASHBOARD_PANELS: PanelProvider[] = [
  accountsPanel,
];
