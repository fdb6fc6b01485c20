/**
 * Where the site checks get what the records know: the portal's columns with their latest dates, the outbound links
 * in published content and attachments, and mailbox letters past their due date. The owning modules register a
 * source each (catalogue, mailbox); the checks run with whatever is registered.
 */
import type { Ctx } from '../platform/context.ts';
import type { ColumnState } from './monitoring.ts';

/** An outbound link found in published content or an attachment. */
export interface ContentLink {
  url: string;
  /** The public page that carries it. */
  page: string;
  /** Link text or "附件：名称". */
  text: string;
}

/** A letter whose reply is overdue. */
export interface OverdueLetter {
  id: string;
  receivedOn: string;
  dueOn: string;
  /** Staff page of the letter. */
  url: string;
}

/** What a module can tell the checks about one agency. */
export interface MonitoringSource {
  columns?(ctx: Ctx, agencyId: string, baseUrl: string): Promise<ColumnState[]>;
  contentLinks?(ctx: Ctx, agencyId: string, baseUrl: string): Promise<ContentLink[]>;
  overdueLetters?(ctx: Ctx, agencyId: string, today: string): Promise<OverdueLetter[]>;
  /** Text of published pages and attachments to scan for personal data beyond what the crawl sees. */
  publishedTexts?(ctx: Ctx, agencyId: string, baseUrl: string): Promise<{ page: string; text: string }[]>;
}

const sources = new Map<string, MonitoringSource>();

/** Registers (or replaces) a module's source. */
export function registerMonitoringSource(name: string, source: MonitoringSource): void {
  sources.set(name, source);
}

/** Every registered source. */
export function monitoringSources(): MonitoringSource[] {
  return [...sources.values()];
}
