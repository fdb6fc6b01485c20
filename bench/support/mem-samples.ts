// The benchmark side of bench/support/mem-probe.mjs: the environment that preloads the probe into a server, the
// samples it wrote, and a sample taken right after a full garbage collection (the probe collects on SIGUSR2).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One line of the probe: the server's memory in MB. */
export interface MemSample { t: number; pid: number; rssMB: number; heapUsedMB: number; heapTotalMB: number; externalMB: number; arrayBuffersMB: number; gc?: boolean }

/** Reads the samples of the servers started with `env` (one file per process). */
export class MemProbe {
  private readonly file: string;
  constructor(tag: string) {
    this.file = join(tmpdir(), `gongkai-${tag}-${process.pid}`);
  }

  /** Environment for the server: preloads the probe (`extraNodeOptions` appended, e.g. V8 heap flags). */
  env(extraNodeOptions = ''): Record<string, string> {
    return { NODE_OPTIONS: `--import ${join(here, 'mem-probe.mjs')} ${extraNodeOptions}`.trim(), GONGKAI_MEM_FILE: this.file };
  }

  private files(): string[] {
    const prefix = this.file.split('/').pop()! + '.';
    return readdirSync(dirname(this.file)).filter((f) => f.startsWith(prefix)).map((f) => join(dirname(this.file), f));
  }

  /** Every sample so far, in file order. */
  samples(): MemSample[] {
    return this.files().flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as MemSample));
  }

  /** The newest sample. */
  latest(): MemSample | undefined {
    return this.samples().at(-1);
  }

  /** The server's memory right after a full garbage collection. */
  async settled(): Promise<MemSample | undefined> {
    const before = this.samples().filter((s) => s.gc).length;
    const pid = this.latest()?.pid;
    if (!pid) return undefined;
    process.kill(pid, 'SIGUSR2');
    for (let i = 0; i < 50; i++) {
      await sleep(100);
      const gcs = this.samples().filter((s) => s.gc);
      if (gcs.length > before) return gcs.at(-1);
    }
    return this.latest();
  }

  /** Deletes the sample files. */
  cleanup(): void {
    for (const f of this.files()) rmSync(f);
  }
}

/** The p-th percentile of `xs` (nearest rank), rounded to 0.1. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
}

/** An operation of a weighted mix. */
export interface Weighted { weight: number }

/** Deterministic weighted choice for request `i` of a mix (the same sequence in every run). */
export function weightedPick<T extends Weighted>(ops: readonly T[]): (i: number) => T {
  const total = ops.reduce((a, o) => a + o.weight, 0);
  return (i) => {
    let x = (i * 7919) % total;
    for (const o of ops) if ((x -= o.weight) < 0) return o;
    return ops[0];
  };
}

/**
 * Sends `rate` requests a second for `seconds`, open loop (a slow answer never delays the next request): `fire(i,
 * scheduled)` starts request i, whose scheduled start is `scheduled` (performance.now() time; latency counted from
 * it avoids coordinated omission). Resolves when every request has been answered; returns how many were sent.
 */
export async function fixedRate(rate: number, seconds: number, fire: (i: number, scheduled: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  const count = Math.floor(seconds * rate);
  let sent = 0;
  let inflight = 0;
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      // Request i is due at i / rate seconds: request 0 at once.
      const due = Math.min(Math.floor(((performance.now() - t0) / 1000) * rate) + 1, count);
      while (sent < due) {
        const i = sent++;
        inflight++;
        fire(i, t0 + (i / rate) * 1000).finally(() => inflight--);
      }
      if (sent >= count && inflight === 0) {
        clearInterval(tick);
        done();
      }
    }, 5);
  });
  return sent;
}
