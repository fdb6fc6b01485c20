/**
 * A real S3-compatible server for tests: s3rver (an npm dev dependency: S3's REST protocol over HTTP, objects on
 * disk), run in a child process on loopback by the test itself, so the S3 FileStore is tested through the same SDK
 * calls it makes against MinIO or AWS. Never skipped: if it cannot start, the test fails.
 * Known limits of s3rver, covered elsewhere: it checks the access key id but not the SigV4 signature, and it ignores
 * Content-MD5 and server-side-encryption headers (docs/decisions/0009).
 * Acceptance against a deployment's own store (MinIO, Ceph, a cloud bucket): set GONGKAI_TEST_S3_ENDPOINT (and
 * GONGKAI_TEST_S3_ACCESS_KEY_ID / _SECRET_ACCESS_KEY / _REGION) and run the S3 test files; each run then creates its
 * buckets there under fresh names (`<name>-<random>`) instead of starting s3rver, and leaves them for inspection.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { S3Settings } from '../../src/config.ts';
import { createS3Client } from '../../src/platform/files/s3-file-store.ts';
import { newToken } from '../../src/platform/ids.ts';

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

/** A running server reached at `endpoint` with the given keys, with `bucket` created. */
function serverAt(endpoint: string, region: string, accessKey: string, secretKey: string, bucket: string, close: () => Promise<void>): S3TestServer {
  return {
    endpoint,
    bucket,
    settings: (prefix = '') => ({ endpoint, bucket, region, accessKeyId: accessKey, secretAccessKey: secretKey, forcePathStyle: true, prefix }),
    env: (prefix = '') => ({
      GONGKAI_FILES: 's3', GONGKAI_S3_ENDPOINT: endpoint, GONGKAI_S3_BUCKET: bucket, GONGKAI_S3_REGION: region,
      GONGKAI_S3_ACCESS_KEY_ID: accessKey, GONGKAI_S3_SECRET_ACCESS_KEY: secretKey, GONGKAI_S3_PREFIX: prefix,
    }),
    close,
  };
}

/** Starts a server on a free loopback port with the given buckets (the first is `bucket`); see the header for an external one. */
export async function startS3Server(buckets: string[] = ['gongkai-test']): Promise<S3TestServer> {
  const external = process.env.GONGKAI_TEST_S3_ENDPOINT;
  if (external) {
    const region = process.env.GONGKAI_TEST_S3_REGION || 'us-east-1';
    const ak = process.env.GONGKAI_TEST_S3_ACCESS_KEY_ID || 'test';
    const sk = process.env.GONGKAI_TEST_S3_SECRET_ACCESS_KEY || 'test';
    const names = buckets.map((b) => `${b}-${newToken(6).toLowerCase()}`);
    const client = createS3Client({ endpoint: external, region, accessKeyId: ak, secretAccessKey: sk, forcePathStyle: true, bucket: names[0], prefix: '' });
    try {
      for (const Bucket of names) await client.send(new CreateBucketCommand({ Bucket }));
    } finally {
      client.destroy();
    }
    return serverAt(external, region, ak, sk, names[0], async () => undefined);
  }
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
  return serverAt(`http://127.0.0.1:${port}`, 'us-east-1', ACCESS_KEY, ACCESS_KEY, buckets[0], async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });
}
