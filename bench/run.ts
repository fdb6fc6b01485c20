// `npm run bench`: runs the benchmark suites (bench/*.bench.ts) one after another, each in its own process, and
// prints one JSON document: {machine, date, suites: {name: {ok, seconds, results: [...]}}} (issue 9).
// Usage: npm run bench [-- <suite>...]   e.g. `npm run bench -- pages calendar`; default: every suite present.
// Each suite prints one JSON object per line on stdout; anything else it prints is passed through to stderr.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Suites in the order they run (cheap ones first); any other *.bench.ts found runs after them. */
const ORDER = ['calendar', 'reports', 'search', 'pages', 'memory'];

function available(): string[] {
  const found = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.slice(0, -'.bench.ts'.length));
  return [...ORDER.filter((s) => found.includes(s)), ...found.filter((s) => !ORDER.includes(s)).sort()];
}

function runSuite(name: string): Promise<{ ok: boolean; seconds: number; results: unknown[] }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, `${name}.bench.ts`)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    });
    const results: unknown[] = [];
    let buf = '';
    child.stdout.on('data', (b: Buffer) => {
      buf += b.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        try {
          results.push(JSON.parse(line));
          process.stderr.write(`[${name}] ${line.length > 300 ? line.slice(0, 300) + '…' : line}\n`);
        } catch {
          process.stderr.write(`[${name}] ${line}\n`);
        }
      }
    });
    child.on('exit', (code) => resolve({ ok: code === 0, seconds: Math.round((Date.now() - started) / 100) / 10, results }));
  });
}

const requested = process.argv.slice(2);
const suites = requested.length ? requested : available();
for (const s of suites) {
  if (!existsSync(join(here, `${s}.bench.ts`))) {
    process.stderr.write(`unknown suite ${s}; available: ${available().join(', ')}\n`);
    process.exit(2);
  }
}
const report = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: loadavg().map((l) => Math.round(l * 100) / 100) },
  date: new Date().toISOString(),
  command: `npm run bench${requested.length ? ` -- ${requested.join(' ')}` : ''}`,
  suites: {} as Record<string, unknown>,
};
let failed = false;
for (const s of suites) {
  process.stderr.write(`== ${s}\n`);
  const r = await runSuite(s);
  report.suites[s] = r;
  if (!r.ok) failed = true;
}
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
process.exit(failed ? 1 : 0);
