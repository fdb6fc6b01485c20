// Runs s3rver (see s3-server.ts) in its own process: `node --openssl-legacy-provider s3rver-process.mjs <dir> <bucket>...`.
// The legacy provider is for s3rver's ListObjectsV2 continuation tokens (DES). Prints {"port":N} once listening and
// exits when its standard input closes (the test process ended, however it ended).
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false,
  configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then(({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`), (err) => {
  process.stderr.write(`s3rver failed to start: ${err.stack || err}\n`);
  process.exit(1);
});
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
process.stdin.resume();
