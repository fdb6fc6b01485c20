/**
 * A FileStore in an S3-compatible bucket (design.md: files "local dir | S3-compatible"; docs/decisions/0009):
 * AWS S3, MinIO, Ceph RGW or a cloud vendor's object storage, for several app hosts that share their files.
 * Same keys and layout as the local store (`<prefix><AB>/<key>`), so a folder copied into the bucket is a store.
 * Objects are private (no ACL is ever set); a write is acknowledged by the server only once it is durable, and its
 * Content-MD5 lets the server refuse bytes damaged on the way.
 */
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '../../config.ts';
import { newToken } from '../ids.ts';
import type { FileStore, StoredObject } from './file-store.ts';

const KEY = /^[0-9A-Z]{20,64}$/;

/** The HTTP status of an SDK error, if it came from the server. */
function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** True for "this key holds nothing" — not for a missing bucket, which is also a 404 but a configuration fault. */
function isNoSuchKey(err: unknown): boolean {
  return (err as { name?: string })?.name === 'NoSuchKey';
}

/** An S3 client for the settings; checksums only where S3 requires them, which every S3-compatible server accepts. */
export function createS3Client(s: S3Settings): S3Client {
  return new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
    // The SDK's default CRC32 trailers (aws-chunked bodies) are not understood by many S3-compatible servers;
    // integrity comes from Content-MD5 on every write instead.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
}

/** A FileStore in the bucket of `s`. The client is made from the settings unless one is given (tests). */
export function createS3FileStore(s: S3Settings, client: S3Client = createS3Client(s)): FileStore {
  const objectKey = (key: string) => {
    if (!KEY.test(key)) throw new Error('invalid file key');
    return `${s.prefix}${key.slice(0, 2)}/${key}`;
  };
  /** Wraps an SDK failure with the operation and the object, for the operator's log (keys are random, never personal). */
  const failure = (op: string, key: string, err: unknown) =>
    new Error(`S3 ${op} s3://${s.bucket}/${s.prefix}${key.slice(0, 2)}/${key} failed: ${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  /** Set once the bucket answered: a 404 of a HEAD (no error body) then means the key, not the bucket. */
  let bucketSeen = false;
  async function assertBucket(key: string): Promise<void> {
    if (bucketSeen) return;
    try {
      await client.send(new HeadBucketCommand({ Bucket: s.bucket }));
      bucketSeen = true;
    } catch (err) {
      throw failure('head-bucket', key, err);
    }
  }
  const encryption: Partial<PutObjectCommandInput> = s.sse ? { ServerSideEncryption: s.sse, ...(s.sseKmsKeyId ? { SSEKMSKeyId: s.sseKmsKeyId } : {}) } : {};

  async function write(key: string, bytes: Buffer): Promise<void> {
    const Key = objectKey(key);
    try {
      await client.send(new PutObjectCommand({
        Bucket: s.bucket, Key, Body: bytes, ContentLength: bytes.length, ContentType: 'application/octet-stream',
        ContentMD5: createHash('md5').update(bytes).digest('base64'), ...encryption,
      }));
    } catch (err) {
      throw failure('put', key, err);
    }
  }

  return {
    async put(bytes) {
      const key = newToken(20);
      await write(key, bytes);
      return { key, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
    putAt: write,
    async get(key) {
      const Key = objectKey(key);
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key }));
        const body = await r.Body!.transformToByteArray();
        return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      } catch (err) {
        if (isNoSuchKey(err)) throw Object.assign(new Error(`no stored file ${key}`, { cause: err }), { code: 'ENOENT' });
        throw failure('get', key, err);
      }
    },
    async exists(key) {
      const Key = objectKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket: s.bucket, Key }));
        return true;
      } catch (err) {
        if (statusOf(err) !== 404) throw failure('head', key, err); // a denied or unreachable bucket is not "missing"
        await assertBucket(key); // nor is a bucket that does not exist
        return false;
      }
    },
    async delete(key) {
      const Key = objectKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key })); // S3 answers 204 for a missing key too
      } catch (err) {
        if (isNoSuchKey(err)) return;
        throw failure('delete', key, err);
      }
    },
    async *list(): AsyncIterable<StoredObject> {
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: s.prefix, ContinuationToken: token, MaxKeys: 1000 })).catch((err) => {
          throw new Error(`S3 list s3://${s.bucket}/${s.prefix} failed: ${(err as Error)?.name}: ${(err as Error)?.message}`, { cause: err });
        });
        for (const o of page.Contents ?? []) {
          // Only objects of this store's layout: anything else under the prefix is not ours to report (or sweep).
          const rest = o.Key?.slice(s.prefix.length) ?? '';
          const m = /^([0-9A-Z]{2})\/([0-9A-Z]{20,64})$/.exec(rest);
          if (!m || m[2].slice(0, 2) !== m[1]) continue;
          yield { key: m[2], size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date() }; // unknown age: never old enough to sweep
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}
