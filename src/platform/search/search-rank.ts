/**
 * Relevance for the SQLite index, computed here over a bounded candidate set (pure).
 *
 * Why not FTS5's bm25(): measured on this machine, bm25() computes each phrase's document frequency by walking
 * every match of the phrase on each query, so its cost grows with the matches even under a rowid LIMIT (31 ms for a
 * 4-character phrase at 20,000 items; linear beyond), which is the ~200 ms p99 of design.md §4. Ranking instead
 * reads the normalised title and lead of the body (the first LEAD_CHARS characters, where an official document states
 * its subject) of at most RANK_WINDOW + TITLE_WINDOW candidates and scores them with saturated term frequencies, title
 * first; newer wins ties. Every term of a query is required anyway, so document frequency would only reweigh
 * multi-word queries.
 */
import { normaliseForSearch, type ParsedQuery } from './search-text.ts';

/** Characters of the body read for ranking. */
export const LEAD_CHARS = 300;

/** What ranking reads of a document, normalised, as UTF-8 bytes (stored in search_leads on SQLite). */
export function rankTexts(title: string, documentNumber: string, body: string): { title: Buffer; lead: Buffer } {
  return {
    title: Buffer.from(normaliseForSearch(`${title} ${documentNumber}`)),
    lead: Buffer.from(normaliseForSearch(body.slice(0, LEAD_CHARS))),
  };
}

/** A ranking candidate as read from the store. */
export interface RankCandidate {
  seq: number;
  title: Buffer;
  lead: Buffer;
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Saturating term frequency: the first occurrences count most (as in bm25, k = 1.2). */
function sat(tf: number): number {
  return tf / (tf + 1.2);
}

/** Scores candidates (higher is better), sorted best first, newest first among equals. */
export function rankCandidates(cands: RankCandidate[], pq: ParsedQuery): { seq: number; score: number }[] {
  const terms = pq.terms.filter((t) => !t.negated).map((t) => t.highlights.map((h) => Buffer.from(h)));
  return cands
    .map((c) => {
      let score = 0;
      let inTitle = 0;
      for (const strings of terms) {
        const tfTitle = Math.min(...strings.map((s) => occurrences(c.title, s)));
        const tfLead = Math.min(...strings.map((s) => occurrences(c.lead, s)));
        if (tfTitle > 0) inTitle++;
        score += 3 * sat(tfTitle) + sat(tfLead);
      }
      // Every term in the title: a strong signal, stronger for a short, focused title (~3 bytes a character).
      if (terms.length && inTitle === terms.length) score += 3 * (30 / (30 + c.title.length / 3));
      return { seq: c.seq, score };
    })
    .sort((a, b) => b.score - a.score || b.seq - a.seq);
}
