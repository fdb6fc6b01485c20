/** `gongkai check-links`: runs the website-health checks now, with a progress bar, and records the findings. */
import type { AddressInfo } from 'node:net';
import cliProgress from 'cli-progress';
import { buildApp } from '../app.ts';
import { listAgencies } from '../agencies/agency-service.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { runSiteCheck, type SiteCheckSummary } from '../monitoring/monitoring-service.ts';
import { UsageError, out, say, withContext, type Command } from './cli.ts';

export const checkLinksCommand: Command = {
  name: 'check-links',
  summary: '检查网站链接、栏目更新与个人信息 / check the portal\'s links, columns and personal data',
  help: [
    'Crawls the agency\'s portal pages and every outbound link in published content, checks columns and mailbox',
    'deadlines against the national inspection indicators, and records findings (fixed problems are cleared).',
    '  --agency <code>   one agency (default: every agency)',
    '  --max <n>         check at most n links per agency (default 20000); a stopped run resumes with --resume',
    '  --resume          continue the newest run that stopped at a limit',
    '  --base-url <url>  where the portal is served (default PUBLIC_URL, else the portal is served on loopback for the run)',
    'Prints a JSON summary per agency on stdout (one line each) and progress on stderr.',
    'Exit codes: 0 the checks ran (findings are data, not failures); 2 bad usage or unknown agency.',
  ].join('\n'),
  options: {
    agency: { type: 'string' },
    max: { type: 'string' },
    resume: { type: 'boolean' },
    'base-url': { type: 'string' },
  },
  async run({ values }) {
    const max = values.max === undefined ? undefined : Number(values.max);
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1_000_000)) throw new UsageError('--max 应为 1 到 1000000 之间的整数');
    return withContext(async (ctx, config) => {
      const agencies = await listAgencies(ctx);
      const targets = values.agency ? agencies.filter((a) => a.code === values.agency) : agencies;
      if (!targets.length) throw new UsageError(`未找到机构: ${String(values.agency)}`);
      let baseUrl = (values['base-url'] as string | undefined) ?? config.publicUrl;
      let close = async () => {};
      if (!baseUrl) {
        const app = await buildApp(ctx);
        await app.listen({ port: 0, host: '127.0.0.1' });
        baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        close = () => app.close();
      }
      try {
        for (const a of targets) {
          const bar = new cliProgress.SingleBar({
            format: `${a.shortName} [{bar}] {value}/{total} 链接 | 页面 {pages} | 预计剩余 {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
          }, cliProgress.Presets.shades_classic);
          bar.start(1, 0, { pages: 0 });
          let summary: SiteCheckSummary;
          try {
            summary = await runSiteCheck(ctx, a.code, {
              baseUrl, trigger: 'cli', actor: SYSTEM_ACTOR, maxLinks: max, resume: Boolean(values.resume),
              onProgress: (p) => {
                bar.setTotal(p.done + p.queued);
                bar.update(p.done, { pages: p.pages });
              },
            });
          } finally {
            bar.stop();
          }
          out(JSON.stringify(summary));
          const veto = Object.entries(summary.standing).filter(([, v]) => v === 'fail').map(([k]) => k);
          say(`${a.name}: ${summary.links} 个链接、${summary.pages} 个页面；新发现 ${summary.newFindings}，未解决 ${summary.stillOpen}，已解决 ${summary.resolved}` +
            (veto.length ? `；单项否决风险: ${veto.join('、')}` : '') + (summary.stoppedBy !== 'done' ? `（达到上限 ${summary.stoppedBy} 停止，可用 --resume 继续）` : ''));
        }
      } finally {
        await close();
      }
      return 0;
    });
  },
};
