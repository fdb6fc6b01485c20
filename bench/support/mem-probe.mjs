// Preloaded into the server under test by bench/memory.bench.ts (NODE_OPTIONS=--import): every second appends this
// process's memory (RSS, V8 heap used and total, external, array buffers; MB) to $GONGKAI_MEM_FILE.<pid> as JSON; on
// SIGUSR2 it runs a full garbage collection first and appends a sample marked `gc: true` (a steady figure to compare).
import { appendFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const file = process.env.GONGKAI_MEM_FILE;
if (file) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const mb = (n) => Math.round((n / 1048576) * 10) / 10;
  const sample = (extra) => {
    const m = process.memoryUsage();
    appendFileSync(`${file}.${process.pid}`, JSON.stringify({ t: Date.now(), pid: process.pid, rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external), arrayBuffersMB: mb(m.arrayBuffers), ...extra }) + '\n');
  };
  setInterval(() => sample({}), 1000).unref();
  process.on('SIGUSR2', () => {
    gc();
    sample({ gc: true });
  });
}
