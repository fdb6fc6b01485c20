import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidResidentId, luhnValid, maskEmail, maskIdNumber, maskPhone, redactPersonalData, residentIdProblem, scanForPersonalData } from './pii-scan.ts';

describe('resident ID numbers (GB 11643-1999)', () => {
  const rows: [string, ReturnType<typeof residentIdProblem>, string][] = [
    ['11010519491231002X', undefined, 'the standard example, check character X'],
    ['620102199803151238', undefined, 'check digit 8'],
    ['620102199803151239', 'check_digit', 'wrong check digit'],
    ['620102199802301230', 'birth_date', 'February 30th'],
    ['620102210001011234', 'birth_date', 'born in 2100 (future)'],
    ['62010219980315123', 'format', '17 digits'],
    ['020102199803151238', 'format', 'leading zero'],
    ['62010219980315123Y', 'format', 'letter other than X'],
  ];
  for (const [id, problem, why] of rows) {
    it(`${id}: ${why}`, () => assert.equal(residentIdProblem(id, '2026-11-27'), problem));
  }
  it('accepts a lowercase x', () => assert.ok(isValidResidentId('11010519491231002x')));
});

describe('scanForPersonalData', () => {
  it('finds ID numbers with a valid check digit, mobiles and Luhn-valid bank cards', () => {
    const text = '申请人张三，身份证号620102199803151238，手机138-0013-8000，银行卡6222 0212 3456 7894 ，另有编号620102199803151239。';
    const found = scanForPersonalData(text).map((f) => [f.kind, f.masked]);
    assert.deepEqual(found, [['resident_id', '620102********1238'], ['mobile', '138****8000'], ['bank_card', '6222 **** **** 7894']]);
  });
  it('ignores document numbers, dates, amounts, landlines and invalid card numbers', () => {
    const text = '甘科计〔2019〕5号，2020年9月28日，金额12345678.90元，电话0931-8888888，索引号11620000MB1234567X/2020-00012，卡号6222021234567890';
    assert.deepEqual(scanForPersonalData(text), []);
  });
  it('does not double-report an ID number as a bank card', () => {
    assert.equal(scanForPersonalData('11010519491231002X').length, 1);
  });
  it('redacts findings for previews', () => {
    assert.equal(redactPersonalData('电话13800138000。'), '电话138****8000。');
  });
  it('checks Luhn', () => {
    assert.ok(luhnValid('4111111111111111'));
    assert.ok(!luhnValid('4111111111111112'));
  });
});

describe('masks (security.md)', () => {
  it('masks as the policy shows', () => {
    assert.equal(maskIdNumber('11010519491231002X'), '110105********002X');
    assert.equal(maskPhone('13800138000'), '138****8000');
    assert.equal(maskEmail('zhangsan@example.com'), 'z***@example.com');
  });
});
