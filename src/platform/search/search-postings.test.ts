// Posting blocks of the PostgreSQL index (pure): encoding round trips, phrase and title matching on positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  BLOCK_ENTRIES, compileQuery, documentMatches, documentPostingList, documentPostings, encodeRow, EntryRun, FACET, readUint, rowSize, scanBlock,
  titleMatches, UNIGRAM, VarintWriter,
} from './search-postings.ts';

/** Encodes entries (keys descending) into rows as the store does, and reads them back. */
function roundTrip(token: string, seqs: number[], tail: { data: Buffer; start: number; end: number }) {
  const run = new EntryRun();
  for (const seq of seqs) run.push(seq, 0, tail.start, tail.end);
  const size = rowSize(seqs.length);
  const rows = [];
  for (let from = 0; from < seqs.length; from += size) rows.push(encodeRow(run, from, Math.min(seqs.length, from + size), () => tail.data));
  const back: { seq: number; tail: Buffer }[] = [];
  for (const r of rows) scanBlock(token, r.hi, r.data, (seq, a, b) => back.push({ seq, tail: r.data.subarray(a, b) }));
  return { rows, back };
}
import { parseQuery } from './search-text.ts';

const source = (title: string, body: string) => ({ title, document_number: '', body, agency_code: 'gskjt', category_code: 'notice', validity: '', kind: '' });

describe('posting blocks', () => {
  it('round-trips varints beyond 2^32 (keys are day × 2^21 + n)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), { maxLength: 20 }), (values) => {
        const w = new VarintWriter();
        for (const v of values) w.uint(v);
        const b = w.done();
        let at = 0;
        for (const v of values) {
          const [got, next] = readUint(b, at);
          assert.equal(got, v);
          at = next;
        }
        assert.equal(at, b.length);
      }),
    );
  });

  it('encodes and decodes rows newest first, and splits long lists into even rows', () => {
    const p = documentPostingList(source('科技创新', '推进科技创新，科技兴省。'));
    const i = p.tokens.indexOf('科技');
    const tail = { data: p.data, start: p.starts[i], end: p.ends[i] };
    const seqs = Array.from({ length: 300 }, (_, k) => 20_000 * 2 ** 21 - k * 7_919_993);
    const { rows, back } = roundTrip('科技', seqs, tail);
    assert.equal(rows.length, Math.ceil(300 / BLOCK_ENTRIES));
    assert.ok(rows.every((r) => r.hi - r.lo >= 99 * 7_919_993));
    assert.deepEqual(back.map((e) => e.seq), seqs);
    assert.ok(back.every((e) => e.tail.equals(p.data.subarray(tail.start, tail.end))));
  });

  it('indexes unigrams (for one-character queries) and facets (for filters) without positions', () => {
    const p = documentPostings(source('通知', '科技'));
    assert.deepEqual([...p.get(`${UNIGRAM}科`)!], [0, 1]);
    assert.deepEqual([...p.get(`${UNIGRAM}通`)!], [1, 0]);
    assert.deepEqual([...p.get(`${FACET}agskjt`)!], [0, 0]);
    const list = documentPostingList(source('通知', '科技'));
    const i = list.tokens.indexOf(`${UNIGRAM}科`);
    const { back } = roundTrip(`${UNIGRAM}科`, [5, 3], { data: list.data, start: list.starts[i], end: list.ends[i] });
    assert.deepEqual(back.map((e) => [e.seq, [...e.tail]]), [[5, [0, 1]], [3, [0, 1]]]);
  });

  it('matches phrases only at consecutive positions of one field, and tells title matches', () => {
    const docs = [
      source('技术合同登记', '无关内容'),
      source('通知', '技术，合同'), // both bigrams, not contiguous
      source('技术', '合同'), // across title and body
      source('通知', '开展技术合同认定'),
    ];
    const maps = docs.map(documentPostings);
    const get = (token: string, seq: number) => maps[seq].get(token);
    const cq = compileQuery(parseQuery('技术合同'), { q: '技术合同', sort: 'relevance', page: 1, pageSize: 20 });
    assert.deepEqual([0, 1, 2, 3].filter((s) => documentMatches(cq, s, get)), [0, 3]);
    assert.deepEqual([0, 3].filter((s) => titleMatches(cq, s, get)), [0]);
    const neg = compileQuery(parseQuery('合同 -认定'), { q: '', sort: 'date', page: 1, pageSize: 20 });
    assert.deepEqual([0, 1, 2, 3].filter((s) => documentMatches(neg, s, get)), [0, 1, 2]);
    const one = compileQuery(parseQuery('登'), { q: '', sort: 'date', page: 1, pageSize: 20 });
    assert.deepEqual([0, 1, 2, 3].filter((s) => documentMatches(one, s, get)), [0]);
  });
});
