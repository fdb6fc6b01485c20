/** What the back office's calendar page shows: a year's arrangement, its source, and what the user may change. */
import { agenciesWithPermission, type Principal } from '../accounts/principal.ts';
import { listAgencies } from '../agencies/agency-service.ts';
import { Unauthenticated } from '../errors.ts';
import type { Ctx } from '../platform/context.ts';
import { formatDayLines } from './calendar-input.ts';
import { mayEditNationalCalendar } from './calendar-service.ts';
import { calendarFor, calendarSnapshot, countingRuleOf, type NoticeMeta } from './calendar-snapshot.ts';
import type { StoredLocalDay } from './calendar-store.ts';
import type { CountingRule, YearListing } from './calendar.ts';

/** An agency whose local days and counting rule the user may change. */
export interface CalendarAgency {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  /** The agency's own rule, or null when it inherits. */
  ownCounting: CountingRule | null;
  /** The rule in force (own, inherited, or Civil Code Art. 201). */
  counting: CountingRule;
  /** Its local days in the year shown. */
  localDays: StoredLocalDay[];
}

/** The calendar page's data. */
export interface CalendarOverview {
  year: number;
  /** The national arrangement of the year. */
  listing: YearListing;
  notice?: NoticeMeta;
  /** The notice as form text, to start an edit from (empty for an unannounced year). */
  noticeForm: { title: string; documentNumber: string; restDays: string; workdays: string };
  announcedYears: readonly number[];
  mayEditNational: boolean;
  agencies: CalendarAgency[];
}

/** The calendar of a year for a signed-in staff member (the calendar is public information; changes need rights). */
export async function calendarOverview(ctx: Ctx, principal: Principal | undefined, year: number): Promise<CalendarOverview> {
  if (!principal) throw new Unauthenticated();
  const [snapshot, national, all] = await Promise.all([calendarSnapshot(ctx), calendarFor(ctx, null), listAgencies(ctx)]);
  const listing = national.listYear(year);
  const notice = snapshot.notices.get(year);
  const data = snapshot.data.notices.find((n) => n.year === year);
  const editable = new Set(agenciesWithPermission(principal, 'calendar.edit'));
  const prefix = String(year);
  return {
    year,
    listing,
    ...(notice && { notice }),
    noticeForm: {
      title: notice?.title ?? '',
      documentNumber: notice?.documentNumber ?? '',
      restDays: data ? formatDayLines(data.restDays) : '',
      workdays: data ? formatDayLines(data.workdays) : '',
    },
    announcedYears: national.announcedYears,
    mayEditNational: mayEditNationalCalendar(principal, snapshot),
    agencies: all
      .filter((a) => editable.has(a.id))
      .map((a) => ({
        id: a.id,
        code: a.code,
        name: a.name,
        nameEn: a.nameEn,
        ownCounting: snapshot.counting.get(a.id) ?? null,
        counting: countingRuleOf(snapshot, a.id),
        localDays: snapshot.localDays.filter((d) => d.scope === a.id && d.date.startsWith(prefix)),
      })),
  };
}
