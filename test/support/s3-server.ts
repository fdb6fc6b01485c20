/**
 * A real S3-compatible server for tests: s3rver (an npm dev dependency: S3's REST protocol over HTTP, objects on
 * disk), run in a child process on loopback by the test itself, so the S3 FileStore is tested through the same SDK
 * calls it makes against MinIO or AWS. Never skipped: if it cannot start, the test fails.
 * Known limits of s3rver, covered elsewhere: it checks the access key id but not the SigV4 signature, and it ignores
 * Content-MD5 and server-side-encryption headers (docs/decisions/0009).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { S3Settings } from '../../src/config.ts';

/** s3rver's built-in account. */
const ACCESS_KEY = 'S3RVER';

/** A running S3 test server. */
export interface S3TestServer {
  endpoint: string;
  /** A bucket created at start. */
  bucket: string;
  /** Settings of a store in the bucket under `prefix` (default: none). */
  settings(prefix?: string): S3Settings;
  /** The environment that configures gongkai for the bucket (GONGKAI_FILES=s3 …). */
  env(prefix?: string): Record<string, string>;
  close(): Promise<void>;
}

/** Starts a server on a free loopback port with the given buckets (the first is `bucket`). */
export async function startS3Server(buckets: string[] = ['gongkai-test']): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'gk-s3rver-'));
  const script = fileURLToPath(new URL('./s3rver-process.mjs', import.meta.url));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', script, directory, ...buckets], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 30 s: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  child.removeAllListeners('exit');
  const endpoint = `http://127.0.0.1:${port}`;
  const bucket = buckets[0];
  return {
    endpoint,
    bucket,
    settings: (prefix = '') => ({ endpoint, bucket, region: 'us-east-1', accessKeyId: ACCESS_KEY, secretAccessKey: ACCESS_KEY, forcePathStyle: true, prefix }),
    env: (prefix = '') => ({
      GONGKAI_FILES: 's3', GONGKAI_S3_ENDPOINT: endpoint, GONGKAI_S3_BUCKET: bucket, GONGKAI_S3_REGION: 'us-east-1',
      GONGKAI_S3_ACCESS_KEY_ID: ACCESS_KEY, GONGKAI_S3_SECRET_ACCESS_KEY: ACCESS_KEY, GONGKAI_S3_PREFIX: prefix,
    }),
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
