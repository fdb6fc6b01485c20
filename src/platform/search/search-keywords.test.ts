import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { Jieba, TfIdf } from '@node-rs/jieba';
import { APPLICATION_DESCRIPTIONS } from '../../../test/fixtures/keywords/application-descriptions.ts';
import { BALANCE_WORD, KeywordDictionary } from './keyword-dictionary.ts';
import { KeywordExtractor } from './keyword-extractor.ts';
import { extractKeywords, tfIdfKeywords } from './search-keywords.ts';
import { normaliseForSearch } from './search-text.ts';

const jiebaDir = dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js'));
const reports = new URL('../../../test/fixtures/reports/', import.meta.url);

describe('extractKeywords', () => {
  for (const { text, keywords } of APPLICATION_DESCRIPTIONS) {
    it(`${text} → ${keywords.join(' ')}`, async () => {
      assert.deepEqual(await extractKeywords(text, 4), keywords);
    });
  }

  it('has nothing to say about blank text', async () => {
    assert.deepEqual(await extractKeywords('', 4), []);
    assert.deepEqual(await extractKeywords(' \n ', 4), []);
  });
});

describe('per-text dictionary', () => {
  it('segments and weighs exactly as jieba with its whole dictionary, on applications and published reports', async () => {
    const dictBytes = readFileSync(join(jiebaDir, 'dict.txt'));
    const fullJieba = Jieba.withDict(dictBytes);
    const fullTfIdf = TfIdf.withDict(readFileSync(join(jiebaDir, 'idf.txt')));
    const dictionary = KeywordDictionary.fromFiles(dictBytes, readFileSync(join(jiebaDir, 'idf.txt')));
    const published = ['seed_gansu_kjt_2020_traditional.txt', 'pingtan_2019.txt', 'pingtan_2023.txt']
      .map((f) => normaliseForSearch(readFileSync(new URL(f, reports), 'utf8'))).join('\n');
    const texts = [
      ...APPLICATION_DESCRIPTIONS.map((d) => normaliseForSearch(d.text)),
      ...published.split(/[。；\n]/).filter((s) => s.trim().length >= 4),
      published.slice(0, 5000),
      'AA制 4S店 ABC abc the 2023年 C++ 王小明和李大壮去了',
    ];
    assert.ok(texts.length > 150);
    const small = new KeywordExtractor({ Jieba, TfIdf }, dictionary, 600); // starts afresh every few texts
    let restarts = 0;
    for (const text of texts) {
      const expected = fullTfIdf.extractKeywords(fullJieba, text, 12);
      assert.deepEqual(await tfIdfKeywords(text, 12), expected, text); // one extractor through all the texts
      const loaded = small.loadedEntries;
      assert.deepEqual(small.keywords(text, 12), expected, text);
      if (small.loadedEntries < loaded) restarts++;
      const own = Jieba.withDict(dictionary.entriesIn(text)); // the text's entries alone
      assert.deepEqual(own.cut(text, false), fullJieba.cut(text, false), text);
      assert.deepEqual(own.cut(text, true), fullJieba.cut(text, true), text);
    }
    assert.ok(restarts >= 3, `${restarts} restarts`);
  });

  it('takes every word that occurs in the text, with a balance line keeping the total frequency', () => {
    const dictionary = KeywordDictionary.fromFiles(
      Buffer.from('政府 50 n\n信息 40 n\n政府信息 7 n\n公开 30 v\nAA制 3 n\n息 2 n\n政 1\n'),
      Buffer.from('政府信息 9.5\n公开 2.25\nAA制 11\n'),
    );
    assert.equal(dictionary.size, 7);
    const entries = dictionary.entriesIn('申请政府信息公开').toString().trim().split('\n');
    assert.deepEqual(entries.slice(0, -1).sort(), ['信息 40 n', '公开 30 v', '息 2 n', '政 1', '政府 50 n', '政府信息 7 n']);
    assert.equal(entries.at(-1), `${BALANCE_WORD} 3`); // 133 in all, 130 in the text
    assert.deepEqual(dictionary.entriesIn('AA制和AA').toString().split('\n').slice(0, -2), ['AA制 3 n']);
    assert.equal(dictionary.entriesIn('').toString(), `${BALANCE_WORD} 133\n`);
    assert.equal(dictionary.idfOf(['公开', '政府', 'AA制', '', '公 开']).toString(), '公开 2.25\nAA制 11\n');
    assert.equal(dictionary.idfOf(['政府']).length, 0);
  });

  it('keeps the IDF of words that are not in the dictionary, and a word listed twice with its last value as jieba does', () => {
    const idf = '公开 2.25\n开放 7.5\n公开 3.125\n开放 8\n信息公开 9.75\n';
    const dictionary = KeywordDictionary.fromFiles(Buffer.from('公开 30 v\n信息 40 n\n'), Buffer.from(idf));
    assert.equal(dictionary.idfOf(['公开', '开放', '信息公开', '信息']).toString(), '公开 3.125\n开放 8\n信息公开 9.75\n');
    const jieba = Jieba.withDict(Buffer.from('公开 30 v\n开放 20\n信息公开 5\n'));
    const whole = TfIdf.withDict(Buffer.from(idf));
    const own = new TfIdf();
    own.loadDict(dictionary.idfOf(['公开', '开放', '信息公开']));
    own.loadDict(dictionary.medianLine);
    assert.deepEqual(own.extractKeywords(jieba, '公开 开放 信息公开 未知', 5), whole.extractKeywords(jieba, '公开 开放 信息公开 未知', 5));
  });

  it('takes the median IDF as jieba does (the upper middle of an even count) and sets it last', () => {
    const odd = KeywordDictionary.fromFiles(Buffer.from('甲 1\n'), Buffer.from('甲乙 5\n丙丁 1\n戊己 3\n'));
    assert.equal(odd.medianLine.toString(), `${BALANCE_WORD} 3\n`);
    const even = KeywordDictionary.fromFiles(Buffer.from('甲 1\n'), Buffer.from('甲乙 7\n丙丁 1\n戊己 3\n庚辛 5\n'));
    assert.equal(even.medianLine.toString(), `${BALANCE_WORD} 3\n`);
    const jieba = new Jieba();
    const tfidf = new TfIdf();
    tfidf.loadDict(Buffer.from('甲乙 7\n丙丁 1\n戊己 3\n庚辛 5\n'));
    assert.equal(tfidf.extractKeywords(jieba, 'zzzz', 1)[0].weight, 3); // jieba itself, for the same table
  });

  it('finds words in a dictionary that is not in byte order, a word listed twice with its last line as jieba does', () => {
    const dictionary = KeywordDictionary.fromFiles(Buffer.from('公开 30\n政府 50\n信息 40\r\n政府信息 7\n政府 20\n'), Buffer.alloc(0));
    assert.equal(dictionary.size, 4);
    const entries = dictionary.entriesIn('政府信息').toString().split('\n');
    assert.deepEqual(entries.slice(0, -2).sort(), ['信息 40\r', '政府 20', '政府信息 7']);
    assert.equal(entries.at(-2), `${BALANCE_WORD} 30`);
    for (const file of ['政府 1000\n政 100\n府 100\n政府 1\n', '政府 1\n政 100\n府 100\n政府 1000\n']) {
      const own = Jieba.withDict(KeywordDictionary.fromFiles(Buffer.from(file), Buffer.alloc(0)).entriesIn('政府'));
      assert.deepEqual(own.cut('政府', false), Jieba.withDict(Buffer.from(file)).cut('政府', false));
    }
  });
});
