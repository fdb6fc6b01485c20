/** Runs wrk (apt: wrk) against a URL and parses requests/s and latency percentiles from its --latency report. */
import { spawnSync } from 'node:child_process';

/** One wrk measurement. */
export interface WrkResult {
  rps: number;
  p50ms: number;
  p99ms: number;
  requests: number;
  /** Socket errors plus non-2xx/3xx responses. */
  errors: number;
  mbPerSec: number;
}

/** Options of a run (issue 9 uses -t2 -c50 -d10s). */
export interface WrkOptions {
  threads?: number;
  connections?: number;
  seconds?: number;
  headers?: Record<string, string>;
}

/** True when wrk is on PATH. */
export function haveWrk(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/** Runs wrk and returns the parsed result (throws with wrk's output when it cannot be parsed). */
export function runWrk(url: string, opts: WrkOptions = {}): WrkResult {
  const args = [`-t${opts.threads ?? 2}`, `-c${opts.connections ?? 50}`, `-d${opts.seconds ?? 10}s`, '--latency'];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`);
  args.push(url);
  const r = spawnSync('wrk', args, { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  const rps = out.match(/Requests\/sec:\s+([\d.]+)/);
  const p50 = out.match(/^\s+50%\s+([\d.]+)(us|ms|s)\b/m);
  const p99 = out.match(/^\s+99%\s+([\d.]+)(us|ms|s)\b/m);
  const total = out.match(/(\d+) requests in/);
  if (!rps || !p50 || !p99 || !total) throw new Error(`could not parse wrk output:\n${out}`);
  const sock = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = out.match(/Non-2xx or 3xx responses: (\d+)/);
  const transfer = out.match(/Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/);
  const errors = (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return {
    rps: Math.round(Number(rps[1])),
    p50ms: toMs(p50[1], p50[2]),
    p99ms: toMs(p99[1], p99[2]),
    requests: Number(total[1]),
    errors,
    mbPerSec: transfer ? Math.round(Number(transfer[1]) * { B: 1 / 1048576, KB: 1 / 1024, MB: 1, GB: 1024 }[transfer[2] as 'MB'] * 10) / 10 : 0,
  };
}

function toMs(v: string, unit: string): number {
  const n = Number(v) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);
  return Math.round(n * 100) / 100;
}
