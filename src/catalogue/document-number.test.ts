/** 发文字号 parsing, table-driven (domain.md §4.2; GB/T 9704-2012 §7.2.5). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDocumentNumber, parseDocumentNumber } from './document-number.ts';

// [input, tolerant?, expected official form or problem, rule]
const ROWS: [string, boolean, string, string][] = [
  ['甘科政〔2020〕13号', false, '甘科政〔2020〕13号', 'official form: 机关代字〔年份〕序号号'],
  ['国办公开办函〔2021〕30号', false, '国办公开办函〔2021〕30号', 'long 机关代字'],
  ['国办函〔2020〕109号', false, '国办函〔2020〕109号', 'three-digit serial'],
  ['甘科政[2020]13号', false, '甘科政〔2020〕13号', 'half-width [] accepted, stored as 〔〕'],
  ['甘科政(2020)13号', false, '甘科政〔2020〕13号', 'half-width () accepted'],
  ['甘科政（2020）13号', false, '甘科政〔2020〕13号', 'full-width （） accepted'],
  ['甘科政【2020】13号', false, '甘科政〔2020〕13号', '【】 accepted'],
  ['甘科政［２０２０］１３号', false, '甘科政〔2020〕13号', 'full-width brackets and digits'],
  [' 甘科政 〔2020〕 13 号 ', false, '甘科政〔2020〕13号', 'spaces removed'],
  ['甘科政〔2020〕013号', false, 'serial', '不编虚位: no leading zeros'],
  ['甘科政〔2020〕第13号', false, 'serial', '不加“第”字'],
  ['甘科政〔2020〕13', false, 'format', 'must end in 号'],
  ['甘科政〔2020〕013号', true, '甘科政〔2020〕13号', 'tolerant import: leading zero dropped'],
  ['甘科政〔2020〕第13号', true, '甘科政〔2020〕13号', 'tolerant import: 第 dropped'],
  ['甘科政[2020]13', true, '甘科政〔2020〕13号', 'tolerant import: missing 号 added'],
  ['甘科政〔20〕13号', false, 'format', 'year must be four digits'],
  ['甘科政〔1850〕1号', false, 'year', 'implausible year'],
  ['甘科政〔2020〕0号', false, 'serial', 'serial starts at 1'],
  ['〔2020〕13号', false, 'format', '机关代字 required'],
  ['<script>〔2020〕1号', false, 'format', 'markup is not a 机关代字'],
  ['', false, 'empty', 'empty'],
  ['甘'.repeat(50) + '〔2020〕1号', false, 'too_long', 'length bound'],
];

describe('parseDocumentNumber', () => {
  for (const [input, tolerant, expected, rule] of ROWS) {
    it(`${rule}: ${JSON.stringify(input.slice(0, 30))}`, () => {
      const r = parseDocumentNumber(input, { tolerant });
      if (r.ok) assert.equal(r.value.text, expected);
      else assert.equal(r.problem, expected, r.message);
    });
  }
  it('parses the parts', () => {
    const r = parseDocumentNumber('甘科政〔2020〕13号');
    assert.ok(r.ok);
    assert.deepEqual({ ...r.value }, { issuerCode: '甘科政', year: 2020, serial: 13, text: '甘科政〔2020〕13号' });
  });
});

describe('findDocumentNumber', () => {
  it('finds a number on its own line (under the 发文机关标志)', () => {
    assert.equal(findDocumentNumber('甘肃省科学技术厅文件\n甘科政[2020]13号\n关于……的公告')?.text, '甘科政〔2020〕13号');
  });
  it('finds a number inside a line', () => {
    assert.equal(findDocumentNumber('根据《关于印发某办法的通知》（甘科资〔2019〕5号）要求')?.text, '甘科资〔2019〕5号');
  });
  it('returns undefined when there is none', () => {
    assert.equal(findDocumentNumber('没有文号的正文'), undefined);
  });
});
