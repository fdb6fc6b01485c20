import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankCandidates, rankTexts } from './search-rank.ts';
import { estimateTotal, fetchLimits } from './search-rows.ts';
import { COUNT_CAP } from './search.ts';
import { parseQuery } from './search-text.ts';

function cand(seq: number, title: string, body: string, documentNumber = '') {
  return { seq, ...rankTexts(title, documentNumber, body) };
}

describe('rankCandidates', () => {
  it('puts an item with every term in a short title first, then title matches, then body matches, newer first', () => {
    const ranked = rankCandidates(
      [
        cand(5, '工作动态', '行政许可事项办理情况'),
        cand(4, '行政许可事项清单', '本机关的行政许可事项'),
        cand(3, '关于进一步做好全省行政许可事项标准化规范化便利化工作的实施意见', '正文'),
        cand(6, '通知', '行政许可'),
      ],
      parseQuery('行政许可'),
    );
    assert.deepEqual(ranked.map((r) => r.seq), [4, 3, 6, 5]);
  });
  it('matches Traditional titles through the normalised copy and counts the document number as title', () => {
    const ranked = rankCandidates([cand(1, '其他', '无关'), cand(2, '政府資訊公開年報', ''), cand(3, '通知', '', '甘科政〔2020〕13号')], parseQuery('资讯公开'));
    assert.equal(ranked[0].seq, 2);
    assert.equal(rankCandidates([cand(1, '其他', '甘科政'), cand(3, '通知', '', '甘科政〔2020〕13号')], parseQuery('甘科政'))[0].seq, 3);
  });
});

describe('totals', () => {
  it('counts exactly up to the cap', () => {
    assert.deepEqual(estimateTotal({ counted: 37, floor: 5 }, { lo: 0, hi: 100 }), { total: 37, estimate: false });
  });
  it('extrapolates beyond the cap from the share of the period the newest matches cover', () => {
    // The newest COUNT_CAP matches reach back a quarter of the indexed period: about 4 × COUNT_CAP in all.
    const e = estimateTotal({ counted: COUNT_CAP + 1, floor: 750 }, { lo: 0, hi: 1000 });
    assert.deepEqual(e, { total: 4 * COUNT_CAP, estimate: true });
  });
  it('bounds paging by what is reachable', () => {
    const q = { q: 'x', sort: 'date' as const, page: 3, pageSize: 20 };
    assert.deepEqual(fetchLimits(q, { total: 45, estimate: false }, 5000), {
      offset: 40, size: 5, result: { total: 45, totalIsEstimate: false, page: 3, pageSize: 20, pageCount: 3 },
    });
    assert.equal(fetchLimits({ ...q, page: 20 }, { total: 90_000, estimate: true }, 300).size, 0);
  });
});
