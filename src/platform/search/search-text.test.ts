import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeHtml, highlightText, makeSnippet } from './search-snippet.ts';
import { dayNumber, highlightTerms, indexTokens, normaliseForSearch, parseQuery, seqRangeOfDay, seqRangeOfYear } from './search-text.ts';

describe('normaliseForSearch', () => {
  const rows: [string, string, string][] = [
    ['Traditional → Simplified', '政府資訊公開條例', '政府资讯公开条例'],
    ['full-width letters and digits → half-width, lower case', 'ＡＢＣ１２３ｘ', 'abc123x'],
    ['ideographic space → space', '科技\u3000许可', '科技 许可'],
    ['control characters → spaces', 'a\u0000b\u0007c', 'a b c'],
    ['document-number brackets kept', '甘科政〔2020〕13號', '甘科政〔2020〕13号'],
  ];
  for (const [name, input, expected] of rows) it(name, () => assert.equal(normaliseForSearch(input), expected));

  it('keeps the UTF-16 length of any input (highlight offsets map back)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => normaliseForSearch(s).length === s.length));
  });
});

describe('indexTokens', () => {
  it('turns Han runs into overlapping bigrams plus the run’s last character', () => {
    assert.equal(indexTokens('科技厅'), '科技 技厅 厅');
  });
  it('keeps words and numbers whole and splits on punctuation', () => {
    assert.equal(indexTokens('甘科政〔2020〕13号'), '甘科 科政 政 2020 13 号');
    assert.equal(indexTokens('PDF文件'), 'pdf 文件 件');
  });
  it('normalises before tokenising (Traditional text gives Simplified tokens)', () => {
    assert.equal(indexTokens('資訊'), '资讯 讯');
  });
});

describe('parseQuery', () => {
  it('makes a 2-character word one exact bigram phrase', () => {
    assert.deepEqual(parseQuery('科技').terms[0].parts, [{ kind: 'phrase', tokens: ['科技'] }]);
  });
  it('ANDs space-separated words and keeps quoted phrases together', () => {
    assert.equal(parseQuery('科技 许可').terms.length, 2);
    const q = parseQuery('“科技 创新”');
    assert.equal(q.terms.length, 1);
    assert.deepEqual(q.terms[0].parts, [{ kind: 'phrase', tokens: ['科技', '技创', '创新'] }]);
  });
  it('drops a lone character next to longer parts, but searches a lone character by prefix', () => {
    assert.deepEqual(parseQuery('13号').terms[0].parts, [{ kind: 'word', token: '13' }]);
    assert.deepEqual(parseQuery('号').terms[0].parts, [{ kind: 'prefix', token: '号' }]);
  });
  it('reads a leading minus as an exclusion, and a query of only exclusions as unsearchable', () => {
    const q = parseQuery('科技 -许可');
    assert.deepEqual(q.terms.map((t) => t.negated), [false, true]);
    assert.equal(parseQuery('-许可').unsearchable, true);
    assert.equal(parseQuery('!!! ***').unsearchable, true);
    assert.equal(parseQuery('   ').unsearchable, false);
    assert.equal(parseQuery('').terms.length, 0);
  });
  it('treats FTS operators as plain text', () => {
    const q = parseQuery('NEAR(科技 许可) AND title:*');
    assert.deepEqual(highlightTerms(q), ['title', 'near', 'and', '科技', '许可']);
  });
  it('bounds the work of any input', () => {
    const q = parseQuery('科'.repeat(10_000) + ' a'.repeat(1000));
    assert.ok(q.terms.length <= 12);
    assert.ok(q.terms.flatMap((t) => t.parts).every((p) => p.kind !== 'phrase' || p.tokens.length <= 15));
  });
});

describe('snippets and highlighting', () => {
  it('escapes HTML in the text and marks matches', () => {
    assert.equal(highlightText('<b>科技</b>&', ['科技']), '&lt;b&gt;<mark>科技</mark>&lt;/b&gt;&amp;');
    assert.equal(escapeHtml(`"'`), '&quot;&#39;');
  });
  it('marks Traditional text for a Simplified term, showing the original characters', () => {
    assert.equal(highlightText('政府資訊公開', ['资讯']), '政府<mark>資訊</mark>公開');
  });
  it('cuts a window around the matches with ellipses', () => {
    const text = '前'.repeat(300) + '许可事项' + '后'.repeat(300);
    const s = makeSnippet(text, ['许可'], 100);
    assert.match(s, /^…前+<mark>许可<\/mark>事项后+…$/);
    assert.ok(s.replace(/<\/?mark>|…/g, '').length === 100);
  });
  it('never lets markup through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 5 }), (text, term) => {
        const html = makeSnippet(text, [normaliseForSearch(term)]);
        return !/<(?!\/?mark>)/.test(html);
      }),
    );
  });
});

describe('ordering keys', () => {
  it('orders by publication day, and keys of a year cover its days', () => {
    assert.ok(seqRangeOfDay('2020-02-01').lo > seqRangeOfDay('2020-01-31').hi);
    assert.equal(dayNumber('1970-01-02'), 1);
    const y = seqRangeOfYear(2020);
    assert.equal(y.lo, seqRangeOfDay('2020-01-01').lo);
    assert.equal(y.hi, seqRangeOfDay('2020-12-31').hi);
  });
});
