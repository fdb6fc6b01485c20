/** Website health: check runs (resumable crawl state), findings with their task fields, availability probes. */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitoring_runs')
    .addColumn('run_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('trigger', 'text', (c) => c.notNull()) // schedule | manual | cli
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | stopped | failed
    .addColumn('stopped_by', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('links', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('open_findings', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('by_indicator', 'text', (c) => c.notNull().defaultTo('{}')) // JSON {indicator: count}
    .addColumn('state', 'text') // JSON CrawlState while running or stopped, for resuming
    .execute();
  await db.schema.createIndex('monitoring_runs_agency').on('monitoring_runs').columns(['agency_id', 'started_at']).execute();

  await db.schema
    .createTable('site_findings')
    .addColumn('finding_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('page', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | resolved
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('owner_user_id', 'text', (c) => c.references('users.user_id'))
    .addColumn('due_on', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('site_findings_agency_key', ['agency_id', 'key'])
    .execute();
  await db.schema.createIndex('site_findings_open').on('site_findings').columns(['agency_id', 'status', 'indicator']).execute();

  await db.schema
    .createTable('availability_probes')
    .addColumn('probe_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('ms', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer')
    .execute();
  await db.schema.createIndex('availability_probes_agency_at').on('availability_probes').columns(['agency_id', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['availability_probes', 'site_findings', 'monitoring_runs']) await db.schema.dropTable(t).ifExists().execute();
}
