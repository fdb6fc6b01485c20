// Posting blocks of the PostgreSQL index (pure): encoding round trips, phrase and title matching on positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BLOCK_ENTRIES, chunkEntries, compileQuery, decodeBlock, documentMatches, documentPostings, encodeBlock, FACET, readUint, titleMatches, UNIGRAM, VarintWriter } from './search-postings.ts';
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

  it('encodes and decodes a block newest first, and splits long lists into even rows', () => {
    const postings = documentPostings(source('科技创新', '推进科技创新，科技兴省。'));
    const tail = postings.get('科技')!;
    const seqs = Array.from({ length: 300 }, (_, i) => 20_000 * 2 ** 21 - i * 7_919_993);
    const entries = seqs.map((seq) => ({ seq, tail }));
    const rows = chunkEntries(entries);
    assert.equal(rows.length, Math.ceil(300 / BLOCK_ENTRIES));
    assert.ok(rows.every((r) => r.length <= BLOCK_ENTRIES && r.length >= 100));
    const back = rows.flatMap((r) => {
      const b = encodeBlock(r);
      assert.equal(b.hi, r[0].seq);
      assert.equal(b.lo, r[r.length - 1].seq);
      return decodeBlock('科技', b.hi, b.data);
    });
    assert.deepEqual(back.map((e) => e.seq), seqs);
    assert.ok(back.every((e) => Buffer.from(e.tail).equals(Buffer.from(tail))));
  });

  it('indexes unigrams (for one-character queries) and facets (for filters) without positions', () => {
    const p = documentPostings(source('通知', '科技'));
    assert.deepEqual([...p.get(`${UNIGRAM}科`)!], [0, 1]);
    assert.deepEqual([...p.get(`${UNIGRAM}通`)!], [1, 0]);
    assert.deepEqual([...p.get(`${FACET}agskjt`)!], [0, 0]);
    const round = decodeBlock(`${UNIGRAM}科`, 5, encodeBlock([{ seq: 5, tail: p.get(`${UNIGRAM}科`)! }]).data);
    assert.equal(round.length, 1);
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
