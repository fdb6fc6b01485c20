import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestApp } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';
import { powerItem, staffAt } from '../support/registers-factories.ts';
import { applyPowerImport } from '../../src/registers/power-service.ts';

// Hostile input over the register and mailbox endpoints: every answer is a 2xx/4xx, never a 5xx (security.md INJ-02).
const hostile = fc.oneof(
  fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '__proto__', '../../etc/passwd', '%00', '\u0000', '9'.repeat(400), '2020-02-30', '-1', 'NaN'),
);

describe('registers and mailbox under hostile input', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  before(async () => {
    t = await createTestApp({ env: { GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: '100000' } });
    const a = await makeAgency(t.ctx, { code: 'kjt' });
    await applyPowerImport(t.ctx, staffAt(a.id, 'editor'), a.id, [powerItem({ code: 'A-1' })]);
  });
  after(() => t.cleanup());

  it('answers GETs with any query and path parameters without a 5xx', async () => {
    const paths = ['/agencies/kjt/powers', '/api/v1/agencies/kjt/powers', '/agencies/kjt/licences', '/api/v1/agencies/kjt/enforcement-decisions',
      '/api/v1/agencies/kjt/mailbox/statistics', '/agencies/kjt/mailbox/track', '/api/v1/agencies/kjt/licensing-statistics'];
    await fc.assert(fc.asyncProperty(fc.constantFrom(...paths), hostile, hostile, hostile, async (path, kind, q, extra) => {
      const qs = new URLSearchParams({ kind, q, page: extra, year: extra, on: extra, code: q }).toString();
      const r = await t.app.inject(`${path}?${qs}`);
      assert.ok(r.statusCode < 500, `${path}?${qs} → ${r.statusCode}`);
      const seg = await t.app.inject(`/api/v1/agencies/kjt/powers/${encodeURIComponent(q || 'x')}`);
      assert.ok(seg.statusCode < 500, `item ${q} → ${seg.statusCode}`);
    }), { numRuns: 150 });
  });

  it('answers POSTed letters and submissions of any shape without a 5xx', async () => {
    const body = fc.oneof(
      fc.dictionary(fc.constantFrom('subject', 'question', 'name', 'phone', 'email', 'publishConsent', 'channel', '__proto__', 'constructor'), fc.oneof(hostile, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()))),
      fc.anything(),
    );
    await fc.assert(fc.asyncProperty(body, hostile, async (b, key) => {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/agencies/kjt/mailbox', payload: JSON.stringify(b) ?? 'null',
        headers: { 'content-type': 'application/json', 'idempotency-key': key.slice(0, 300) || 'k' } });
      assert.ok(r.statusCode < 500, `${JSON.stringify(b)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
      const f = await t.app.inject({ method: 'POST', url: '/agencies/kjt/mailbox', payload: new URLSearchParams(typeof b === 'object' && b ? Object.entries(b).map(([k, v]) => [k, formValue(v)]) : []).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.ok(f.statusCode < 500, `form → ${f.statusCode}`);
    }), { numRuns: 150 });
  });
});

/** A form field's text for any generated value (String() throws for objects such as { toString: undefined }). */
function formValue(v: unknown): string {
  if (v !== null && typeof v === 'object') return JSON.stringify(v) ?? '';
  return String(v);
}
