// Preloaded into the server under test by bench/soak.ts (NODE_OPTIONS=--import): every 5 s writes the event-loop
// delay (perf_hooks histogram, reset each time) and RSS of this process to $GONGKAI_ELD_FILE.<pid> as one JSON line.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.GONGKAI_ELD_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const timer = setInterval(() => {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    appendFileSync(
      `${file}.${process.pid}`,
      JSON.stringify({ t: Date.now(), pid: process.pid, p50ms: ms(h.percentile(50)), p99ms: ms(h.percentile(99)), maxms: ms(h.max), rssMB: Math.round(process.memoryUsage.rss() / 1048576) }) + '\n',
    );
    h.reset();
  }, 5000);
  timer.unref();
}
