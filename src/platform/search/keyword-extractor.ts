/**
 * Keyword extraction by jieba over a KeywordDictionary: one jieba grown with the entries of the texts it is asked
 * about (keyword-dictionary.ts explains why the key words and weights are those of jieba's whole dictionary).
 */
import type { Jieba, Keyword, TfIdf } from '@node-rs/jieba';
import type { KeywordDictionary } from './keyword-dictionary.ts';

/**
 * One jieba and one TF-IDF table holding the entries of the texts seen so far rather than the whole dictionary: each
 * text loads the lines of its words not loaded yet with a new balance line (jieba sums the frequencies of all its
 * words after each load, the balance word taking its latest value), the IDF lines of its segments not loaded yet,
 * then the median line. A fresh jieba per text gives the same words at the same speed (bench/keywords.bench.ts), but
 * its native memory goes only when the wrapper's finaliser runs, from the event loop: 22,000 texts in a loop that never
 * yielded held ≈ 270 MB. Past `maxEntries` loaded lines it starts afresh, so that texts made up to load the whole dictionary
 * cannot hold more than that (10,000 lines: under 7 MB; 20,000 dictionary lines took 5 MB, 20,000 IDF lines 8 MB).
 */
export class KeywordExtractor {
  private jieba!: Jieba;
  private tfidf!: TfIdf;
  private readonly words = new Set<number>();
  private readonly idfEntries = new Set<number>();
  private frequency = 0;

  constructor(
    private readonly binding: { Jieba: typeof Jieba; TfIdf: typeof TfIdf },
    private readonly dictionary: KeywordDictionary,
    private readonly maxEntries = 10_000,
  ) {
    this.restart();
  }

  /** jieba's TF-IDF key words of `text` (already normalised), strongest first, as with its whole dictionary. */
  keywords(text: string, topK: number): Keyword[] {
    if (this.words.size + this.idfEntries.size > this.maxEntries) this.restart();
    const words = [...this.dictionary.wordsIn(text)].filter((w) => !this.words.has(w));
    const { lines, frequency } = this.dictionary.linesOf(words);
    for (const w of words) this.words.add(w);
    this.frequency += frequency;
    this.jieba.loadDict(Buffer.concat([lines, this.dictionary.balanceLine(this.frequency)]));
    // The IDF of every segment the extraction can see (it cuts without HMM; with it too, should that change).
    const segments = [...this.jieba.cut(text, false), ...this.jieba.cut(text, true)];
    const idf = [...this.dictionary.idfEntriesOf(segments)].filter((e) => !this.idfEntries.has(e));
    if (idf.length) this.tfidf.loadDict(this.dictionary.idfText(idf));
    for (const e of idf) this.idfEntries.add(e);
    this.tfidf.loadDict(this.dictionary.medianLine);
    return this.tfidf.extractKeywords(this.jieba, text, topK);
  }

  /** Lines loaded into jieba and its TF-IDF table. */
  get loadedEntries(): number {
    return this.words.size + this.idfEntries.size;
  }

  private restart(): void {
    this.jieba = new this.binding.Jieba();
    this.tfidf = new this.binding.TfIdf();
    this.words.clear();
    this.idfEntries.clear();
    this.frequency = 0;
  }
}
