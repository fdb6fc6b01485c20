/** Process configuration: `process.env` parsed once with zod (style.md). Every variable is documented in .env.example. */
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  GONGKAI_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave unset for SQLite)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  GONGKAI_FILES: z.enum(['local', 's3']).default('local'),
  GONGKAI_S3_ENDPOINT: z.string().url().regex(/^https?:\/\/\S+$/, 'GONGKAI_S3_ENDPOINT must be an http:// or https:// URL').optional().or(z.literal('').transform(() => undefined)),
  GONGKAI_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'GONGKAI_S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots, hyphens)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  GONGKAI_S3_REGION: z.string().trim().default('').transform((v) => v || 'us-east-1'),
  GONGKAI_S3_ACCESS_KEY_ID: z.string().trim().optional().transform((v) => v || undefined),
  GONGKAI_S3_SECRET_ACCESS_KEY: z.string().optional().transform((v) => v || undefined),
  GONGKAI_S3_FORCE_PATH_STYLE: bool.optional(),
  GONGKAI_S3_PREFIX: z
    .string()
    .regex(/^([0-9A-Za-z_.-]+\/?)*$/, 'GONGKAI_S3_PREFIX must be folder names of letters, digits, _ . - separated by /')
    .refine((v) => !v.split('/').some((p) => p === '.' || p === '..'), 'GONGKAI_S3_PREFIX must not contain . or .. folders')
    .default(''),
  GONGKAI_S3_SSE: z.enum(['', 'AES256', 'aws:kms']).default(''),
  GONGKAI_S3_SSE_KMS_KEY_ID: z.string().trim().optional().transform((v) => v || undefined),
  GONGKAI_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'GONGKAI_ENCRYPTION_KEY must be 64 hex characters (32 bytes)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SMTP_URL: z.string().optional().or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().default('gongkai <noreply@localhost>'),
  GONGKAI_SECURE_COOKIES: bool.optional(),
  GONGKAI_TRUST_PROXY: bool.default(false),
  GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR: z.coerce.number().int().min(1).default(5),
  GONGKAI_RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  GONGKAI_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  GONGKAI_UPLOAD_LIMIT_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024),
  GONGKAI_PAGE_CACHE_MB: z.coerce.number().int().min(1).default(16),
  GONGKAI_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  GONGKAI_JOBS: bool.default(true),
  GONGKAI_FILE_SWEEP_GRACE_MINUTES: z.coerce.number().int().min(5).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).superRefine(checkS3);

/** Settings of the S3-compatible object store (docs/deploy.md "object storage"; docs/decisions/0009). */
export interface S3Settings {
  /** Unset: the AWS endpoint of `region`. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Unset (both): the SDK's default credential chain (AWS_* variables, instance or pod role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key`; default on when an endpoint is set. */
  forcePathStyle: boolean;
  /** Folder in the bucket ('' or ending in '/'). */
  prefix: string;
  /** Server-side encryption asked for on every write. */
  sse?: 'AES256' | 'aws:kms';
  sseKmsKeyId?: string;
}

/** Where stored files live: a folder under the data directory (default) or an S3-compatible bucket. */
export type FilesConfig = { kind: 'local' } | ({ kind: 's3' } & S3Settings);

/** The cross-field rules of the object-store settings. */
function checkS3(e: { GONGKAI_FILES: string; GONGKAI_S3_BUCKET?: string; GONGKAI_S3_ACCESS_KEY_ID?: string; GONGKAI_S3_SECRET_ACCESS_KEY?: string; GONGKAI_S3_SSE: string; GONGKAI_S3_SSE_KMS_KEY_ID?: string }, ctx: z.RefinementCtx) {
  if (e.GONGKAI_FILES === 's3' && !e.GONGKAI_S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['GONGKAI_S3_BUCKET'], message: 'GONGKAI_S3_BUCKET is required when GONGKAI_FILES=s3' });
  if (Boolean(e.GONGKAI_S3_ACCESS_KEY_ID) !== Boolean(e.GONGKAI_S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({ code: 'custom', path: ['GONGKAI_S3_SECRET_ACCESS_KEY'], message: 'set both GONGKAI_S3_ACCESS_KEY_ID and GONGKAI_S3_SECRET_ACCESS_KEY, or neither (default credential chain)' });
  }
  if (e.GONGKAI_S3_SSE_KMS_KEY_ID && e.GONGKAI_S3_SSE !== 'aws:kms') ctx.addIssue({ code: 'custom', path: ['GONGKAI_S3_SSE_KMS_KEY_ID'], message: 'GONGKAI_S3_SSE_KMS_KEY_ID needs GONGKAI_S3_SSE=aws:kms' });
}

/** The validated configuration every part of gongkai reads. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl?: string;
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
  files: FilesConfig;
  encryptionKeyHex?: string;
  smtpUrl?: string;
  mailFrom: string;
  secureCookies: boolean;
  trustProxy: boolean;
  applicationsPerHour: number;
  apiPerMinute: number;
  bodyLimit: number;
  uploadLimit: number;
  pageCacheBytes: number;
  workers: number;
  jobs: boolean;
  /** Unreferenced stored bytes younger than this are never swept (src/platform/files/orphan-sweep.ts). */
  fileSweepGraceMs: number;
  logLevel: string;
}

/** Parses an environment (default `process.env`) into a Config, or throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    dataDir: resolve(e.GONGKAI_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    files: e.GONGKAI_FILES === 's3'
      ? {
          kind: 's3', endpoint: e.GONGKAI_S3_ENDPOINT, bucket: e.GONGKAI_S3_BUCKET!, region: e.GONGKAI_S3_REGION,
          accessKeyId: e.GONGKAI_S3_ACCESS_KEY_ID, secretAccessKey: e.GONGKAI_S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.GONGKAI_S3_FORCE_PATH_STYLE ?? Boolean(e.GONGKAI_S3_ENDPOINT),
          prefix: e.GONGKAI_S3_PREFIX && !e.GONGKAI_S3_PREFIX.endsWith('/') ? `${e.GONGKAI_S3_PREFIX}/` : e.GONGKAI_S3_PREFIX,
          sse: e.GONGKAI_S3_SSE || undefined, sseKmsKeyId: e.GONGKAI_S3_SSE_KMS_KEY_ID,
        }
      : { kind: 'local' },
    encryptionKeyHex: e.GONGKAI_ENCRYPTION_KEY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    secureCookies: e.GONGKAI_SECURE_COOKIES ?? (e.PUBLIC_URL?.startsWith('https://') ?? false),
    trustProxy: e.GONGKAI_TRUST_PROXY,
    applicationsPerHour: e.GONGKAI_RATE_LIMIT_APPLICATIONS_PER_HOUR,
    apiPerMinute: e.GONGKAI_RATE_LIMIT_API_PER_MINUTE,
    bodyLimit: e.GONGKAI_BODY_LIMIT_BYTES,
    uploadLimit: e.GONGKAI_UPLOAD_LIMIT_BYTES,
    pageCacheBytes: e.GONGKAI_PAGE_CACHE_MB * 1024 * 1024,
    workers: e.GONGKAI_WORKERS,
    jobs: e.GONGKAI_JOBS,
    fileSweepGraceMs: e.GONGKAI_FILE_SWEEP_GRACE_MINUTES * 60_000,
    logLevel: e.LOG_LEVEL,
  };
}
