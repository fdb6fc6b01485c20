/**
 * Registers (issue 7): 权责清单 items and their versions, 行政执法主体, licensing decisions and 公示, penalty and
 * coercion decisions, administrative fees and amounts collected, 政府集中采购 projects, and reconsideration /
 * litigation cases about disclosure. They feed table 二 and table 四 of the annual report (domain.md §2.2, §2.4).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('power_items')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull()) // 事项编码, stable across versions
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('power_items_agency_code', ['agency_id', 'code'])
    .execute();

  await db.schema
    .createTable('power_item_versions')
    .addColumn('version_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('power_items.item_id').onDelete('cascade'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('repealed', 'integer', (c) => c.notNull().defaultTo(0)) // 1: the item ceases on effective_on
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('implementing_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{law, article}]
    .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{name, description, timeLimit}]
    .addColumn('supervision_channel', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('supervision_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('accountability', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('power_item_versions_no', ['item_id', 'version_no'])
    .execute();
  await db.schema.createIndex('power_item_versions_agency').on('power_item_versions').columns(['agency_id', 'effective_on']).execute();

  await db.schema
    .createTable('enforcement_subjects')
    .addColumn('subject_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('powers', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('supervision_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enforcement_subjects_agency').on('enforcement_subjects').column('agency_id').execute();

  await db.schema
    .createTable('licensing_decisions')
    .addColumn('decision_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('licence_type', 'text', (c) => c.notNull()) // e.g. 实验动物使用许可证
    .addColumn('action', 'text', (c) => c.notNull()) // issue | renew | change | cancel | inspect
    .addColumn('holder_kind', 'text', (c) => c.notNull()) // organisation | natural_person | aggregate
    .addColumn('holder_name', 'text', (c) => c.notNull().defaultTo('')) // organisations only; never a person's name
    .addColumn('licence_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('case_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0)) // 公示 on the portal
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('licensing_decisions_agency').on('licensing_decisions').columns(['agency_id', 'decided_on']).execute();

  await db.schema
    .createTable('enforcement_decisions')
    .addColumn('decision_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // penalty | coercion
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo('')) // 决定书文号
    .addColumn('party_kind', 'text', (c) => c.notNull()) // organisation | natural_person
    .addColumn('party_name', 'text', (c) => c.notNull()) // natural persons: encrypted
    .addColumn('facts', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('measure', 'text', (c) => c.notNull().defaultTo('')) // 处罚/强制内容
    .addColumn('amount_fen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('enforcement_decisions_agency').on('enforcement_decisions').columns(['agency_id', 'decided_on']).execute();

  await db.schema
    .createTable('fee_items')
    .addColumn('fee_item_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('standard', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('in_force_from', 'text', (c) => c.notNull())
    .addColumn('in_force_until', 'text') // last day in force; null = still in force
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fee_collections')
    .addColumn('fee_item_id', 'text', (c) => c.notNull().references('fee_items.fee_item_id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fee_collections_pk', ['fee_item_id', 'year'])
    .execute();

  await db.schema
    .createTable('procurement_projects')
    .addColumn('project_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('contracted_on', 'text', (c) => c.notNull())
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('procurement_projects_agency').on('procurement_projects').columns(['agency_id', 'contracted_on']).execute();

  await db.schema
    .createTable('disclosure_cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.agency_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // reconsideration | litigation_direct | litigation_after
    .addColumn('request_ref', 'text', (c) => c.notNull().defaultTo('')) // tracking code of the request concerned
    .addColumn('request_id', 'text') // the request's id when it is on this platform
    .addColumn('case_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('')) // 复议机关 / 人民法院
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull()) // upheld | corrected | other | pending
    .addColumn('concluded_on', 'text')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disclosure_cases_agency').on('disclosure_cases').columns(['agency_id', 'filed_on']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'disclosure_cases', 'procurement_projects', 'fee_collections', 'fee_items', 'enforcement_decisions',
    'licensing_decisions', 'enforcement_subjects', 'power_item_versions', 'power_items',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
