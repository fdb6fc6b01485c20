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
  GONGKAI_PAGE_CACHE_MB: z.coerce.number().int().min(1).default(64),
  GONGKAI_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  GONGKAI_JOBS: bool.default(true),
  GONGKAI_FILE_SWEEP_GRACE_MINUTES: z.coerce.number().int().min(5).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The validated configuration every part of gongkai reads. */
export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl?: string;
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
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
