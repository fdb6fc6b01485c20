import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanForPersonalData } from './pii-scan.ts';

// Portal pages are full of digit runs that are not personal data; a scanner that cries wolf gets ignored.
describe('personal-data scanner: no false alarms on ordinary page text', () => {
  const rows: [string, string, string[]][] = [
    ['a year filter list is not a bank card', '按年份：2026 2025 2024 2023', []],
    ['a grouped 19-digit UnionPay number is a card (Luhn-valid, prefix 62)', '卡号 6212 2600 0000 0001 230', ['bank_card']],
    ['a Visa test number is a card', '卡号 4111 1111 1111 1111', ['bank_card']],
    ['an index number is not a card', '索引号 11620000013902999X/2020-00013', []],
  ];
  for (const [name, text, kinds] of rows) {
    it(name, () => {
      assert.deepEqual(scanForPersonalData(text).map((f) => f.kind), kinds);
    });
  }
});
