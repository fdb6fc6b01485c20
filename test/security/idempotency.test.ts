/**
 * Idempotency and concurrency (security.md DUR-05; issue: security). Every submission is sent twice at the same time
 * with its own Idempotency-Key: exactly one case per key, both answers carry the same tracking code. Two staff members
 * saving the same catalogue draft from the same version: one wins, the other gets 409 `version_conflict` with the
 * winner's values to merge, and no update is lost. Tracking codes and index numbers stay unique under parallel load.
 * GONGKAI_FULL=1: 1,000 submissions; CI: 100.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createItem } from '../../src/catalogue/item-service.ts';
import { approveItem, publishItem, submitItem } from '../../src/catalogue/workflow-service.ts';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { loginAs } from '../support/auth.ts';
import { itemFields, staff } from '../support/catalogue-factories.ts';
import { application } from '../support/request-factories.ts';

const FULL = Boolean(process.env.GONGKAI_FULL);
const SUBMISSIONS = FULL ? 1000 : 100;
const PARALLEL = 16;

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T, R>(items: T[], width: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

describe('idempotency and concurrency', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let agency: { id: string; code: string };
  before(async () => {
    t = await createTestApp({ now: '2026-11-27T02:00:00Z', env: { GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '1000000' } });
    agency = await makeAgency(t.ctx, { code: 'idem' });
  });
  after(() => t?.cleanup());

  it(`${SUBMISSIONS} submissions, each sent twice concurrently with its own key → exactly ${SUBMISSIONS} cases`, async () => {
    const count = async () => Number((await t.ctx.db.selectFrom('info_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('agency_id', '=', agency.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    const keys = Array.from({ length: SUBMISSIONS }, (_x, i) => `idem-${i}-${Math.random().toString(36).slice(2)}`);
    const codes = await pool(keys, PARALLEL, async (key, i) => {
      const body = application('idem', { description: `申请公开第${i}号文件的全文及附件。` });
      const send = () => t.app.inject({ method: 'POST', url: '/api/v1/requests', headers: { 'idempotency-key': key }, payload: body });
      const [x, y] = await Promise.all([send(), send()]);
      assert.equal(x.statusCode, 201, x.body);
      assert.equal(y.statusCode, 201, y.body);
      assert.equal(x.json().trackingCode, y.json().trackingCode, 'both answers name the same case');
      return x.json().trackingCode as string;
    });
    assert.equal((await count()) - before, SUBMISSIONS, 'one case per key');
    assert.equal(new Set(codes).size, SUBMISSIONS, 'tracking codes unique');
    const rows = await t.ctx.db.selectFrom('info_requests').select('tracking_code').where('agency_id', '=', agency.id).execute();
    assert.equal(new Set(rows.map((r) => r.tracking_code)).size, rows.length, 'tracking codes unique in the table');
    // A different body under a used key is refused, not silently answered with the first case.
    const reuse = await t.app.inject({ method: 'POST', url: '/api/v1/requests', headers: { 'idempotency-key': keys[0] }, payload: application('idem', { description: '另一份完全不同的申请内容。' }) });
    assert.equal(reuse.statusCode, 422);
    assert.equal(reuse.json().error.code, 'idempotency_key_reused');
    process.stdout.write(`idempotency: ${SUBMISSIONS} submissions × 2 concurrent sends → ${SUBMISSIONS} cases, ${new Set(codes).size} unique tracking codes (${t.ctx.dialect})\n`);
  });

  it('concurrent edits of one document: one wins, the other gets 409 with the winner’s values; no lost update', async () => {
    const editor1 = await loginAs(t, { grants: [{ agencyId: agency.id, role: 'editor' }] });
    const editor2 = await loginAs(t, { grants: [{ agencyId: agency.id, role: 'editor' }] });
    const rounds = FULL ? 50 : 10;
    for (let r = 0; r < rounds; r++) {
      const item = await createItem(t.ctx, staff(agency.id, 'editor'), agency.id, itemFields({ title: `并发编辑测试第${r}号`, documentNumber: `并〔2026〕${r + 1}号` }));
      const put = (s: typeof editor1, title: string) => t.app.inject({
        method: 'PUT', url: `/api/v1/staff/documents/${item.id}`, headers: { ...s.headers, 'x-csrf-token': s.csrf },
        payload: { ...itemFields({ documentNumber: `并〔2026〕${r + 1}号` }), title, version: item.version },
      });
      const [a, b] = await Promise.all([put(editor1, `甲的标题第${r}号`), put(editor2, `乙的标题第${r}号`)]);
      const statuses = [a.statusCode, b.statusCode].sort();
      assert.deepEqual(statuses, [200, 409], `round ${r}: ${a.statusCode} ${a.body.slice(0, 200)} / ${b.statusCode} ${b.body.slice(0, 200)}`);
      const [won, lost] = a.statusCode === 200 ? [a, b] : [b, a];
      const conflict = lost.json().error;
      assert.equal(conflict.code, 'version_conflict');
      assert.equal(conflict.details.theirs.title, won.json().title, 'the loser sees the winner’s title to merge');
      // The loser merges and saves from the current version: both edits survive in order.
      const merged = await t.app.inject({
        method: 'PUT', url: `/api/v1/staff/documents/${item.id}`, headers: { ...(lost === a ? editor1 : editor2).headers, 'x-csrf-token': (lost === a ? editor1 : editor2).csrf },
        payload: { ...itemFields({ documentNumber: `并〔2026〕${r + 1}号` }), title: `${won.json().title}（合并）`, version: conflict.details.currentVersion },
      });
      assert.equal(merged.statusCode, 200, merged.body);
      const row = await t.ctx.db.selectFrom('catalogue_items').select(['title', 'version']).where('item_id', '=', item.id).executeTakeFirstOrThrow();
      assert.equal(row.title, `${won.json().title}（合并）`);
      assert.equal(Number(row.version), item.version + 2, 'two saves, two versions: nothing overwritten silently');
    }
  });

  it('index numbers stay unique when many documents are published in parallel', async () => {
    const n = FULL ? 200 : 30;
    const editor = staff(agency.id, 'editor');
    const reviewer = staff(agency.id, 'reviewer');
    const drafts = await pool(Array.from({ length: n }, (_x, i) => i), 4, async (i) => {
      const d = await createItem(t.ctx, editor, agency.id, itemFields({ title: `并行发布测试第${i}号通知`, documentNumber: `发〔2026〕${i + 1}号` }));
      await submitItem(t.ctx, editor, d.id);
      await approveItem(t.ctx, reviewer, d.id, { confidentialityChecked: true });
      return d.id;
    });
    const published = await pool(drafts, PARALLEL, (id) => publishItem(t.ctx, reviewer, id));
    const numbers = published.map((p) => p.indexNumber);
    assert.ok(numbers.every(Boolean), 'every published document has an index number');
    assert.equal(new Set(numbers).size, n, `index numbers unique: ${numbers.slice(0, 3).join(', ')} …`);
  });
});
