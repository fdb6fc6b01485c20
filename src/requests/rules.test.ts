import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { perRequestFeeFen, perRequestTotalFen, perVolumeFeeFen } from './fees.ts';
import { assertLetterSendable, correctionLetter, letterProblems, replyLetter, type LetterFacts } from './letters.ts';
import { OUTCOME_LIST, reportRowOf, table3RowKeys } from './outcomes.ts';
import { TRANSITIONS, allowedActions, canTransition, publicStatusOf, targetState, type RequestState } from './request.ts';

describe('fees (《政府信息公开信息处理费管理办法》, domain.md §3.4)', () => {
  const perRequest: [number, number, string][] = [
    [10, 0, 'Art. 4: ≤ 10 件 free'],
    [11, 100, 'Art. 4: 11th at 100元'],
    [25, 1500, 'domain.md example: 15 × 100'],
    [30, 2000, 'Art. 4: 11–30 at 100元'],
    [31, 2200, 'Art. 4: 31–40 band at 200元'],
    [45, 5500, 'domain.md example: 20×100 + 10×200 + 5×300'],
  ];
  for (const [n, yuan, why] of perRequest) it(`${n} requests in a month cost ${yuan}元 (${why})`, () => assert.equal(perRequestTotalFen(n), yuan * 100));
  it('the n-th request costs the increment', () => {
    assert.equal(perRequestFeeFen(10), 0);
    assert.equal(perRequestFeeFen(11), 10000);
    assert.equal(perRequestFeeFen(41), 30000);
  });
  const perVolume: [number, number, string][] = [
    [30, 0, 'Art. 5: ≤ 30 pages free'], [31, 10, 'Art. 5: 31–100 at 10元'], [100, 700, 'Art. 5'],
    [150, 1700, 'domain.md example: 70×10 + 50×20'], [201, 2740, 'Art. 5: ≥ 201 at 40元'],
  ];
  for (const [pages, yuan, why] of perVolume) it(`${pages} pages cost ${yuan}元 (${why})`, () => assert.equal(perVolumeFeeFen(pages), yuan * 100));
});

describe('states and transitions (request.ts)', () => {
  const rows: [RequestState, keyof typeof TRANSITIONS, boolean, string][] = [
    ['correction_requested', 'decide', false, 'Art. 30: no decision while waiting for 补正'],
    ['registered', 'request_correction', true, 'Art. 30: 补正 within 7 working days of receipt'],
    ['in_progress', 'request_correction', false, 'Art. 30: 一次性告知 — once, before handling'],
    ['extended', 'extend', false, 'Art. 33 ¶2: one extension'],
    ['consulting', 'decide', false, 'Art. 33 ¶3: wait for the consulted party'],
    ['in_progress', 'extend', true, 'Art. 33 ¶2'],
    ['decided', 'send_reply', false, '会签 before the reply goes out'],
    ['approved', 'send_reply', true, 'reply after review'],
    ['replied', 'withdraw', false, 'withdrawal only before the reply'],
    ['awaiting_fee', 'withdraw', true, 'withdrawal before the reply'],
    ['closed', 'close', false, 'archived once'],
  ];
  for (const [state, action, ok, why] of rows) it(`${state} → ${action}: ${ok ? 'allowed' : 'refused'} (${why})`, () => assert.equal(canTransition(state, action), ok));
  it('resumes to extended after a consultation in an extended case', () => {
    assert.equal(targetState('end_consultation', true), 'extended');
    assert.equal(targetState('end_consultation', false), 'in_progress');
  });
  it('maps internal states to the nine public statuses of design.md §5.4', () => {
    assert.equal(publicStatusOf('registered', false), 'received');
    assert.equal(publicStatusOf('decided', true), 'extended');
    assert.equal(publicStatusOf('awaiting_fee', false), 'in_progress');
    assert.equal(publicStatusOf('abandoned', false), 'abandoned');
  });
  it('offers no actions once a case is closed, withdrawn or abandoned', () => {
    for (const s of ['closed', 'withdrawn', 'abandoned'] as const) assert.deepEqual(allowedActions(s), []);
  });
});

describe('outcomes and table 三 rows (design.md §5.3)', () => {
  it('has exactly the 21 result rows of the 2021 template, in order', () => {
    assert.equal(OUTCOME_LIST.length, 21);
    assert.deepEqual(table3RowKeys('2021').slice(0, 4), ['new', 'carried_over', 'granted', 'partly_granted']);
    assert.deepEqual(table3RowKeys('2021').slice(-5), ['other_1', 'other_2', 'other_3', 'total', 'carried_forward']);
  });
  it('collapses 其他处理 into one row in the 2019 template', () => {
    assert.equal(reportRowOf('other_2', '2019'), 'other');
    assert.equal(reportRowOf('other_2', '2021'), 'other_2');
    assert.ok(table3RowKeys('2019').includes('other'));
    assert.equal(table3RowKeys('2019').length, 2 + 18 + 1 + 2);
  });
});

describe('letters', () => {
  const facts: LetterFacts = { agencyName: '甘肃省科学技术厅', reviewBody: '甘肃省人民政府', trackingCode: 'ABC', applicantName: '张三', receivedOn: '2020-09-28', subject: '项目清单', format: '电子', delivery: '电子邮件' };
  it('writes a reply with legal basis, remedy (60 days / 6 months) and date', () => {
    const l = replyLetter(facts, { outcome: 'withheld_1', bases: ['art14_secret', 'art36_3'], facts: '经定密审查属于国家秘密。', withheld: [], documentNumber: '甘科技依申〔2020〕1号', issuedOn: '2020-10-20' });
    assert.deepEqual(letterProblems(l), []);
    assert.match(l.remedy!, /60日内向甘肃省人民政府申请行政复议/);
    assert.match(l.paragraphs.join(''), /第十四条/);
  });
  it('refuses a letter without legal basis, remedy or date', () => {
    const l = replyLetter(facts, { outcome: 'granted', bases: ['art36_2'], facts: '可以公开。', withheld: [], documentNumber: 'X', issuedOn: '2020-10-20' });
    assert.deepEqual(letterProblems({ ...l, legalBasis: [], remedy: null, issuedOn: '' }).map((p) => p.field), ['legalBasis', 'remedy', 'issuedOn']);
    assert.throws(() => assertLetterSendable({ ...l, remedy: '如不服可以申诉。' }), { code: 'letter_incomplete' });
  });
  it('quotes the subject without its own closing punctuation (“……清单”。, never “……清单。”。)', () => {
    for (const subject of ['请公开2020年度项目清单。', '请公开2020年度项目清单', ' 请公开2020年度项目清单；\n']) {
      const l = replyLetter({ ...facts, subject }, { outcome: 'granted', bases: ['art36_2'], facts: '可以公开。', withheld: [], documentNumber: 'X', issuedOn: '2020-10-20' });
      const text = JSON.stringify(l);
      assert.ok(text.includes('申请获取“请公开2020年度项目清单”。'), subject);
      assert.doesNotMatch(text, /[。；]”/);
    }
  });
  it('does not require a remedy on a 补正告知书', () => {
    const l = correctionLetter(facts, { notes: '请写明年份', dueOn: '2020-10-20', documentNumber: 'X', issuedOn: '2020-09-29' });
    assert.deepEqual(letterProblems(l), []);
  });
});
