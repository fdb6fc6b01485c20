/**
 * Factories for annual-report tests and the benchmark: disclosure cases inserted directly (the requests module's own
 * tests drive the real workflow; reports only count), generated in bulk with a deterministic spread of applicant
 * kinds, outcomes and years.
 */
import type { Ctx } from '../../src/platform/context.ts';
import { newId, newToken } from '../../src/platform/ids.ts';
import { APPLICANT_KIND_LIST } from '../../src/requests/request.ts';

/** One case as the report counts it. */
export interface CaseSpec {
  kind?: string;
  receivedOn: string;
  /** Concluded with this outcome on `concludedOn`; open when absent. */
  outcome?: string;
  concludedOn?: string;
  withheldParts?: unknown[];
  feeFen?: number;
  feePaidOn?: string;
}

/** Inserts cases for an agency (in batches of 500 rows). */
export async function insertCases(ctx: Ctx, agencyId: string, cases: CaseSpec[]): Promise<string[]> {
  const at = ctx.clock.now().toISOString();
  const ids: string[] = [];
  const rows = cases.map((c) => {
    const id = newId();
    ids.push(id);
    return {
      request_id: id, agency_id: agencyId, tracking_code: newToken(8), channel: 'online', state: c.outcome ? 'closed' : 'in_progress',
      applicant_kind: c.kind ?? 'natural_person', applicant_name: '测试申请人', applicant_key: `k-${id}`, description: '测试申请',
      format: 'electronic', delivery: 'email', submitted_on: c.receivedOn, received_on: c.receivedOn, received_year: Number(c.receivedOn.slice(0, 4)),
      outcome: c.outcome ?? null, decided_on: c.concludedOn ?? null, replied_on: c.concludedOn ?? null, concluded_on: c.concludedOn ?? null,
      concluded_year: c.concludedOn ? Number(c.concludedOn.slice(0, 4)) : null, withheld_parts: JSON.stringify(c.withheldParts ?? []),
      fee_fen: c.feeFen ?? null, fee_paid_on: c.feePaidOn ?? null, created_at: at, updated_at: at,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await ctx.db.insertInto('info_requests').values(rows.slice(i, i + 500)).execute();
  return ids;
}

const OUTCOMES = ['granted', 'granted', 'granted', 'partly_granted', 'unavailable_1', 'withheld_4', 'not_processed_2', 'other_3'];

/** `n` generated cases received in `year` (a few carried into the next year), spread over kinds and outcomes. */
export function generatedCases(n: number, year: number): CaseSpec[] {
  const out: CaseSpec[] = [];
  for (let i = 0; i < n; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    const day = String((i % 27) + 1).padStart(2, '0');
    const open = i % 50 === 0;
    const outcome = OUTCOMES[i % OUTCOMES.length];
    out.push({
      kind: APPLICANT_KIND_LIST[i % 7 === 0 ? 1 + (i % 5) : 0], receivedOn: `${year}-${month}-${day}`,
      outcome: open ? undefined : outcome, concludedOn: open ? undefined : (i % 12 === 11 && i % 3 === 0 ? `${year + 1}-01-10` : `${year}-${month}-${day}`),
      withheldParts: outcome === 'partly_granted' ? [{ ground: 'withheld_4', part: '第三方信息' }] : [],
    });
  }
  return out;
}
