/**
 * `gongkai search reindex`: rebuilds the search index from the documents it stores (after a change of tokenizer, or
 * on PostgreSQL after migration 0253, which replaced the tsvector index with posting blocks), or with
 * `--from-catalogue` re-reads every published catalogue item first (repairs an index that missed updates).
 */
import { rebuildCatalogueIndex } from '../catalogue/catalogue-indexing.ts';
import { searchIndexFor } from '../platform/search/search-index.ts';
import { out, say, withContext, type Command } from './cli.ts';

export const searchReindexCommand: Command = {
  name: 'search reindex',
  summary: '重建全文检索索引 / rebuild the search index',
  help: [
    'Re-tokenises every document in the search index and rebuilds the index in one transaction (searches keep',
    'answering from the old index until it commits). Run it after upgrading to migration 0253 on PostgreSQL.',
    '  --from-catalogue   first re-index every published catalogue item (adds items the index missed)',
    'Prints the number of indexed documents on stdout.',
    'Exit codes: 0 done; 2 bad usage; 3 the database could not be read or written.',
  ].join('\n'),
  options: { 'from-catalogue': { type: 'boolean' } },
  async run({ values }) {
    return withContext(async (ctx) => {
      const index = searchIndexFor(ctx);
      const started = Date.now();
      if (values['from-catalogue']) say(`catalogue items re-indexed: ${await rebuildCatalogueIndex(ctx, index)}`);
      await index.rebuild();
      const n = await index.count();
      say(`search index rebuilt: ${n} documents in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      out(String(n));
      return 0;
    });
  },
};
