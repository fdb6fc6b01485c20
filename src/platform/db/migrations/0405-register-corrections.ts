/**
 * Corrections of register records (docs/decisions/0008): licensing and penalty/coercion decisions and fee items get
 * a version for optimistic locking, the day a published record was last corrected (更正), and a withdrawal — the
 * day, the reason (entry_error | revoked) and a staff note — instead of deletion, so the public record stays honest.
 */
import type { Kysely } from 'kysely';

const TABLES = ['licensing_decisions', 'enforcement_decisions', 'fee_items'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the untyped schema of their time
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable(table).addColumn('corrected_on', 'text').execute();
    await db.schema.alterTable(table).addColumn('withdrawn_on', 'text').execute();
    await db.schema.alterTable(table).addColumn('withdrawal_reason', 'text').execute();
    await db.schema.alterTable(table).addColumn('withdrawal_note', 'text', (c) => c.notNull().defaultTo('')).execute();
  }
  for (const table of ['licensing_decisions', 'enforcement_decisions'] as const) {
    await db.schema.alterTable(table).addColumn('updated_at', 'text').execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['licensing_decisions', 'enforcement_decisions'] as const) {
    await db.schema.alterTable(table).dropColumn('updated_at').execute();
  }
  for (const table of TABLES) {
    for (const column of ['withdrawal_note', 'withdrawal_reason', 'withdrawn_on', 'corrected_on', 'version']) {
      await db.schema.alterTable(table).dropColumn(column).execute();
    }
  }
}
