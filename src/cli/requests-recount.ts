/** `gongkai requests recount [--check]`: recomputes (or compares) the case counts table 三 is summed from. */
import { checkRequestCounts, rebuildRequestCounts } from '../requests/request-counts.ts';
import { out, say, withContext, type Command } from './cli.ts';

export const requestsRecountCommand: Command = {
  name: 'requests recount',
  summary: '重算依申请公开统计 / recompute the case counts of table 三',
  help: [
    'Table 三 of the annual report is summed from per-year case counts (info_request_counts) that database triggers keep',
    'in step with every case. This command recomputes them from the cases in one transaction (after a restore from an',
    'old backup or a manual change); with --check it only compares them and changes nothing.',
    'Prints JSON: {rows} after a recount; {ok, mismatches: [...]} with --check.',
    'Exit codes: 0 done / the counts agree; 1 (--check) the counts differ from the cases.',
  ].join('\n'),
  options: { check: { type: 'boolean' } },
  async run({ values }) {
    return withContext(async (ctx) => {
      if (values.check) {
        const mismatches = await checkRequestCounts(ctx);
        out(JSON.stringify({ ok: mismatches.length === 0, mismatches }));
        say(mismatches.length ? `统计与案件不一致：${mismatches.length} 组` : '统计与案件一致');
        return mismatches.length ? 1 : 0;
      }
      const rows = await rebuildRequestCounts(ctx);
      out(JSON.stringify({ rows }));
      say(`已重算依申请公开统计：${rows} 组`);
      return 0;
    });
  },
};
