/**
 * The Database interface Kysely types every query with: the composition of each module's `*-tables.ts`.
 * A module adds its tables by adding one `extends` entry here.
 */
import type { AccountTables } from '../../accounts/account-tables.ts';
import type { AgencyTables } from '../../agencies/agency-tables.ts';
import type { AuditTables } from '../../audit/audit-tables.ts';
import type { CalendarTables } from '../../calendar/calendar-tables.ts';
import type { CatalogueTables } from '../../catalogue/catalogue-tables.ts';
import type { MailboxTables } from '../../mailbox/mailbox-tables.ts';
import type { MonitoringTables } from '../../monitoring/monitoring-tables.ts';
import type { RegistersTables } from '../../registers/registers-tables.ts';
import type { PlatformTables } from '../platform-tables.ts';
import type { JobTables } from '../jobs/job-tables.ts';
import type { RequestTables } from '../../requests/request-tables.ts';
import type { ReportsTables } from '../../reports/reports-tables.ts';
import type { SearchTables } from '../search/search-tables.ts';

export interface Database
  extends PlatformTables,
    AgencyTables,
    AccountTables,
    AuditTables,
    CalendarTables,
    CatalogueTables,
    RegistersTables,
    MailboxTables,
    RequestTables,
    MonitoringTables,
    JobTables,
    SearchTables,
    ReportsTables {}
