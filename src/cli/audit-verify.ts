/** `gongkai audit verify`: recomputes the audit hash chain. */
import { verifyAuditChain } from '../audit/audit-service.ts';
import { out, say, withContext, type Command } from './cli.ts';

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  summary: '校验审计日志哈希链 / verify the audit log hash chain',
  help: 'Recomputes every entry of the hash-chained audit log and compares it with the recorded head.\nPrints JSON {ok, count, breaks}.\nExit codes: 0 the chain is intact; 1 it was altered (edited, deleted or truncated rows).',
  async run() {
    return withContext(async (ctx) => {
      const v = await verifyAuditChain(ctx.db);
      out(JSON.stringify(v));
      say(v.ok ? `审计日志完好：${v.count} 条` : `审计日志被篡改：${v.breaks.map((b) => b.message).join('; ')}`);
      return v.ok ? 0 : 1;
    });
  },
};
