import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Forbidden, InvalidInput, InvalidTransition } from '../errors.ts';
import { createTestCtx, type TestCtx } from '../../test/support/harness.ts';
import { makeAgency } from '../../test/support/factories.ts';
import { staffAt } from '../../test/support/registers-factories.ts';
import { insertUnit } from '../agencies/agency-store.ts';
import { newId } from '../platform/ids.ts';
import { letterStatistics } from './letter.ts';
import {
  assignLetter, convertLetter, getLetter, letterStatisticsOf, listPublishedLetters, publishLetter, replyToLetter, setReplyWorkdays,
  submitLetter, trackLetter,
} from './letter-service.ts';

const letter = (over: Record<string, unknown> = {}) => ({
  subject: '关于科技计划项目申报时间的咨询', question: '请问2021年度省科技计划项目何时开始申报？', name: '王小明', phone: '13800138000',
  email: 'wxm@example.com', publishConsent: true, ...over,
});

describe('mailbox letters', () => {
  let ctx: TestCtx;
  before(async () => { ctx = await createTestCtx({ now: '2020-09-28T02:00:00Z' }); });
  after(() => ctx.cleanup());

  // Reply clocks count working days after receipt on the national calendar (domain.md §6: 2020 National Day
  // 10-01..10-08 off, Saturday 10-10 a 调休 working day).
  const clockCases: [number | undefined, string][] = [
    [undefined, '2020-10-19'], // default 10 working days
    [5, '2020-10-12'],
    [1, '2020-09-29'],
    [3, '2020-10-09'], // jumps the holiday
  ];
  for (const [workdays, due] of clockCases) {
    it(`sets the due date ${due} for a letter received 2020-09-28 with ${workdays ?? 'the default'} working days`, async () => {
      const a = await makeAgency(ctx);
      if (workdays) await setReplyWorkdays(ctx, staffAt(a.id, 'admin'), a.id, { workdays: String(workdays) });
      const r = await submitLetter(ctx, a.code, letter());
      assert.equal(r.status, 201);
      assert.equal(r.body.dueOn, due);
      const view = await trackLetter(ctx, r.body.trackingCode);
      assert.equal(view.receivedOn, '2020-09-28');
      assert.equal(view.state, 'received');
    });
  }

  it('refuses reply periods outside 1–60 working days', async () => {
    const a = await makeAgency(ctx);
    for (const w of ['0', '61', 'x', '2.5']) {
      await assert.rejects(setReplyWorkdays(ctx, staffAt(a.id, 'admin'), a.id, { workdays: w }), InvalidInput);
    }
    await assert.rejects(setReplyWorkdays(ctx, staffAt(a.id, 'editor'), a.id, { workdays: '5' }), Forbidden);
  });

  it('encrypts contact details and masks them for staff', async () => {
    const a = await makeAgency(ctx);
    const r = await submitLetter(ctx, a.code, letter());
    const row = await ctx.db.selectFrom('mailbox_letters').selectAll().where('tracking_code', '=', r.body.trackingCode).executeTakeFirstOrThrow();
    for (const v of [row.writer_name, row.writer_phone, row.writer_email]) assert.match(v, /^v1:/);
    assert.doesNotMatch(JSON.stringify(row), /王小明|13800138000|wxm@/);
    const l = await getLetter(ctx, staffAt(a.id, 'case_handler'), a.id, row.letter_id);
    assert.equal(l.writerName, '王**');
    assert.equal(l.writerPhone, '138****8000');
    assert.equal(l.writerEmail, 'w***@example.com');
  });

  it('is idempotent per key and refuses a reused key with another body', async () => {
    const a = await makeAgency(ctx);
    const key = `k-${newId()}`;
    const first = await submitLetter(ctx, a.code, letter(), { idempotencyKey: key });
    const again = await submitLetter(ctx, a.code, letter(), { idempotencyKey: key });
    assert.deepEqual(again, first);
    const n = await ctx.db.selectFrom('mailbox_letters').select((eb) => eb.fn.countAll().as('n')).where('agency_id', '=', a.id).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
    await assert.rejects(submitLetter(ctx, a.code, letter({ subject: '另一个问题的标题' }), { idempotencyKey: key }), (e: unknown) => e instanceof InvalidInput && e.code === 'idempotency_key_reused');
  });

  it('validates the form with field messages', async () => {
    const a = await makeAgency(ctx);
    await assert.rejects(submitLetter(ctx, a.code, { subject: '', question: '短', name: '', phone: '', email: 'bad' }), (e: unknown) => {
      assert.ok(e instanceof InvalidInput);
      for (const f of ['subject', 'question', 'name', 'email']) assert.ok(e.fields[f], f);
      return true;
    });
    await assert.rejects(submitLetter(ctx, a.code, letter({ phone: '', email: '' })), (e: unknown) => e instanceof InvalidInput && !!e.fields.phone);
  });

  it('routes, replies, publishes after the personal-data scan, and refuses without consent', async () => {
    const a = await makeAgency(ctx);
    const unitId = newId();
    await insertUnit(ctx.db, a.id, { id: unitId, kind: 'internal', name: '资源配置与管理处', head: '', phone: '', functions: '' }, 1);
    const staff = staffAt(a.id, 'case_handler');
    const { body } = await submitLetter(ctx, a.code, letter());
    const { letter_id: id } = await ctx.db.selectFrom('mailbox_letters').select('letter_id').where('tracking_code', '=', body.trackingCode).executeTakeFirstOrThrow();
    await assert.rejects(assignLetter(ctx, staff, a.id, id, { unitId: 'nope', version: 1 }), InvalidInput);
    let l = await assignLetter(ctx, staff, a.id, id, { unitId, version: 1 });
    assert.equal(l.state, 'assigned');
    await assert.rejects(replyToLetter(ctx, staff, a.id, id, { reply: '申报将于2021年1月开始，请关注通知。', version: 1 }), /已被他人处理/);
    l = await replyToLetter(ctx, staff, a.id, id, { reply: '申报将于2021年1月开始，请关注通知。', version: 2 });
    assert.equal(l.state, 'replied');
    assert.equal(l.repliedOn, '2020-09-28');
    await assert.rejects(replyToLetter(ctx, staff, a.id, id, { reply: '再次答复的内容。', version: 3 }), InvalidTransition);

    const publish = (q: string, r: string) => publishLetter(ctx, staff, a.id, id, { publicQuestion: q, publicReply: r, version: 3 });
    await assert.rejects(publish('请问何时申报？身份证11010519491231002X', '申报将于2021年1月开始。'), (e: unknown) => e instanceof InvalidInput && /居民身份证号码/.test(e.fields.publicQuestion));
    await assert.rejects(publish('我是王小明，请问何时申报？', '申报将于2021年1月开始。'), (e: unknown) => e instanceof InvalidInput && /来信人/.test(e.fields.publicQuestion));
    await assert.rejects(publish('请问何时申报？', '请拨打13912345678咨询。'), (e: unknown) => e instanceof InvalidInput && /手机号码/.test(e.fields.publicReply));
    l = await publish('请问2021年度省科技计划项目何时开始申报？', '申报将于2021年1月开始，请关注通知。');
    assert.equal(l.published, true);
    const pub = await listPublishedLetters(ctx, a.id);
    assert.equal(pub.total, 1);
    assert.doesNotMatch(JSON.stringify(pub), /王小明|138|wxm|trackingCode/);

    const { body: b2 } = await submitLetter(ctx, a.code, letter({ publishConsent: false }));
    const { letter_id: id2 } = await ctx.db.selectFrom('mailbox_letters').select('letter_id').where('tracking_code', '=', b2.trackingCode).executeTakeFirstOrThrow();
    await replyToLetter(ctx, staff, a.id, id2, { reply: '已答复的内容如下。', version: 1 });
    await assert.rejects(publishLetter(ctx, staff, a.id, id2, { publicQuestion: '问题内容如下。', publicReply: '答复内容如下。', version: 2 }), /未同意公开/);
  });

  it('converts a letter to a disclosure application or a petition with one action', async () => {
    const a = await makeAgency(ctx);
    const staff = staffAt(a.id, 'case_handler');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { body } = await submitLetter(ctx, a.code, letter({ subject: `来信${i}的标题` }));
      ids.push((await ctx.db.selectFrom('mailbox_letters').select('letter_id').where('tracking_code', '=', body.trackingCode).executeTakeFirstOrThrow()).letter_id);
    }
    const c = await convertLetter(ctx, staff, a.id, ids[0], { to: 'disclosure_request', ref: 'abc123', version: 1 });
    assert.equal(c.state, 'converted');
    assert.equal(c.convertedRef, 'ABC123');
    assert.match(c.reply, /政府信息公开条例/);
    const r = await convertLetter(ctx, staff, a.id, ids[1], { to: 'petition', version: 1 });
    assert.equal(r.state, 'redirected');
    await assert.rejects(convertLetter(ctx, staff, a.id, ids[1], { to: 'petition', version: 2 }), InvalidTransition);
    await assert.rejects(convertLetter(ctx, staffAt(newId(), 'case_handler'), a.id, ids[0], { to: 'petition', version: 2 }), Forbidden);
  });

  it('counts reply rate and timeliness', async () => {
    const a = await makeAgency(ctx);
    const staff = staffAt(a.id, 'case_handler');
    await setReplyWorkdays(ctx, staffAt(a.id, 'admin'), a.id, { workdays: 1 }); // due 2020-09-29
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { body } = await submitLetter(ctx, a.code, letter({ subject: `统计来信${i}` }));
      ids.push((await ctx.db.selectFrom('mailbox_letters').select('letter_id').where('tracking_code', '=', body.trackingCode).executeTakeFirstOrThrow()).letter_id);
    }
    await replyToLetter(ctx, staff, a.id, ids[0], { reply: '当天答复的内容。', version: 1 });
    ctx.clock.set('2020-10-09T02:00:00Z');
    try {
      await replyToLetter(ctx, staff, a.id, ids[1], { reply: '逾期答复的内容。', version: 1 });
      const s = await letterStatisticsOf(ctx, a.id, 2020);
      assert.deepEqual({ received: s.received, answered: s.answered, onTime: s.answeredOnTime, open: s.open, overdue: s.overdue, replyRate: s.replyRate, onTimeRate: s.onTimeRate },
        { received: 3, answered: 2, onTime: 1, open: 1, overdue: 1, replyRate: 66.7, onTimeRate: 50 });
      assert.equal((await letterStatisticsOf(ctx, a.id, 2019)).replyRate, null);
    } finally {
      ctx.clock.set('2020-09-28T02:00:00Z');
    }
  });
});

describe('letter statistics (pure)', () => {
  const base = { channel: 'director_mailbox' as const, published: false, receivedOn: '2020-03-02', dueOn: '2020-03-16' };
  const rows: [string, Parameters<typeof letterStatistics>[0], Partial<ReturnType<typeof letterStatistics>>][] = [
    ['nothing received', [], { received: 0, replyRate: null, onTimeRate: null }],
    ['answered on the due day counts as on time', [{ ...base, state: 'replied', repliedOn: '2020-03-16' }], { answered: 1, answeredOnTime: 1, onTimeRate: 100 }],
    ['a day late is late', [{ ...base, state: 'replied', repliedOn: '2020-03-17' }], { answeredOnTime: 0, onTimeRate: 0, replyRate: 100 }],
    ['conversions are answers', [{ ...base, state: 'converted', repliedOn: '2020-03-03' }, { ...base, state: 'redirected', repliedOn: '2020-03-03' }], { answered: 2, converted: 1, redirected: 1 }],
    ['other years are left out', [{ ...base, receivedOn: '2019-12-31', state: 'received', repliedOn: null }], { received: 0 }],
  ];
  for (const [label, letters, want] of rows) {
    it(label, () => {
      const s = letterStatistics(letters, 2020, '2020-12-31');
      for (const [k, v] of Object.entries(want)) assert.deepEqual(s[k as keyof typeof s], v, k);
    });
  }
});
