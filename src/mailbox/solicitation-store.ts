/** SQL of solicitations and their submissions. */
import type { DB } from '../platform/db/database.ts';
import { isSafeKey } from '../registers/power.ts';
import type { Solicitation, Submission, SubmissionKind, SubmissionState } from './solicitation.ts';

/** Solicitations of an agency (published only, or all), newest first, with counts. */
export async function selectSolicitations(db: DB, agencyId: string, publishedOnly: boolean): Promise<Solicitation[]> {
  let q = db.selectFrom('solicitations').selectAll().where('agency_id', '=', agencyId);
  if (publishedOnly) q = q.where('published', '=', 1);
  const rows = await q.orderBy('opens_on', 'desc').orderBy('solicitation_id', 'desc').execute();
  if (!rows.length) return [];
  const counts = await db.selectFrom('solicitation_submissions')
    .select(['solicitation_id', 'kind', 'status', 'adopted', (eb) => eb.fn.countAll().as('n')])
    .where('solicitation_id', 'in', rows.map((r) => r.solicitation_id))
    .groupBy(['solicitation_id', 'kind', 'status', 'adopted']).execute();
  return rows.map((r) => {
    const mine = counts.filter((c) => c.solicitation_id === r.solicitation_id);
    const sum = (f: (c: (typeof mine)[number]) => boolean) => mine.filter(f).reduce((s, c) => s + Number(c.n), 0);
    return {
      id: r.solicitation_id, agencyId: r.agency_id, title: r.title, body: r.body, opensOn: r.opens_on, closesOn: r.closes_on,
      published: r.published === 1, summary: r.summary, summaryPublishedOn: r.summary_published_on, isDemo: r.is_demo === 1,
      counts: {
        received: sum(() => true),
        accepted: sum((c) => c.status === 'accepted'),
        adopted: sum((c) => c.adopted === 1),
        suggestions: sum((c) => c.kind === 'suggestion'),
        clues: sum((c) => c.kind === 'clue'),
      },
    };
  });
}

/** Inserts or replaces a solicitation's notice fields. */
export async function upsertSolicitation(
  db: DB,
  s: { id: string; agencyId: string; title: string; body: string; opensOn: string; closesOn: string; published: boolean; isDemo: boolean },
  at: string,
): Promise<void> {
  const values = { title: s.title, body: s.body, opens_on: s.opensOn, closes_on: s.closesOn, published: s.published ? 1 : 0, updated_at: at };
  await db.insertInto('solicitations').values({ solicitation_id: s.id, agency_id: s.agencyId, ...values, is_demo: s.isDemo ? 1 : 0, created_at: at })
    .onConflict((oc) => oc.column('solicitation_id').doUpdateSet(values)).execute();
}

/** Sets the published summary. */
export async function updateSolicitationSummary(db: DB, id: string, summary: string, on: string | null, at: string): Promise<void> {
  await db.updateTable('solicitations').set({ summary, summary_published_on: on, updated_at: at }).where('solicitation_id', '=', id).execute();
}

/** Inserts a submission (contacts already encrypted). */
export async function insertSubmission(
  db: DB,
  s: { id: string; solicitationId: string; kind: SubmissionKind; content: string; name: string; phone: string; receivedOn: string; state?: SubmissionState; adopted?: boolean; isDemo?: boolean },
  at: string,
): Promise<void> {
  await db.insertInto('solicitation_submissions').values({
    submission_id: s.id, solicitation_id: s.solicitationId, kind: s.kind, content: s.content, writer_name: s.name, writer_phone: s.phone,
    status: s.state ?? 'pending', adopted: s.adopted ? 1 : 0, received_on: s.receivedOn, is_demo: s.isDemo ? 1 : 0, created_at: at,
  }).execute();
}

/** Submissions of a solicitation, oldest first (contacts as stored). */
export async function selectSubmissions(db: DB, solicitationId: string): Promise<Submission[]> {
  const rows = await db.selectFrom('solicitation_submissions').selectAll().where('solicitation_id', '=', solicitationId)
    .orderBy('created_at').orderBy('submission_id').execute();
  return rows.map((r) => ({
    id: r.submission_id, kind: r.kind as SubmissionKind, content: r.content, writerName: r.writer_name, writerPhone: r.writer_phone,
    state: r.status as SubmissionState, adopted: r.adopted === 1, moderationNote: r.moderation_note, receivedOn: r.received_on,
  }));
}

/** Sets a submission's moderation result; false when it is not in that solicitation. */
export async function updateSubmissionModeration(db: DB, solicitationId: string, id: string, state: SubmissionState, adopted: boolean, note: string): Promise<boolean> {
  if (!isSafeKey(id) || !isSafeKey(solicitationId)) return false;
  const r = await db.updateTable('solicitation_submissions').set({ status: state, adopted: adopted ? 1 : 0, moderation_note: note })
    .where('solicitation_id', '=', solicitationId).where('submission_id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
