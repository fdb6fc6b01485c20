/**
 * Backups (security.md "backups"; security-plan BAK-01/04): a consistent online copy of the database (SQLite's backup
 * API, never `cp` of a live WAL file; `pg_dump` on PostgreSQL) and of every stored file the copy refers to, with a
 * manifest of SHA-256 hashes sealed by an HMAC under the instance key, optionally encrypted with a passphrase
 * (scrypt → AES-256-GCM per file). `restoreBackup` refuses a backup whose manifest or any file was altered.
 * The encryption key itself is left out unless asked for (`includeKey`).
 * Files are read from and restored into the configured FileStore (local folder or S3 bucket, docs/decisions/0009),
 * always as `files/<AB>/<key>` in the backup, so a backup of one store restores into the other.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import SQLite from 'better-sqlite3';
import { InvalidInput } from '../../errors.ts';
import { createLocalFileStore, type FileStore } from '../files/file-store.ts';

/** One file in a backup. */
export interface ManifestEntry {
  path: string;
  size: number;
  /** SHA-256 of the bytes as stored in the backup (ciphertext when encrypted). */
  sha256: string;
}

/** The manifest of a backup (manifest.json). */
export interface BackupManifest {
  format: 'gongkai-backup/1';
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  encrypted: boolean;
  /** scrypt salt (hex) when encrypted. */
  salt?: string;
  includesKey: boolean;
  /** `missingFiles`: keys the database names that the store did not hold when the backup was made. */
  counts: { storedFiles: number; auditEntries: number; missingFiles?: number };
  entries: ManifestEntry[];
  /** HMAC-SHA256 over the manifest without this field, keyed by the instance encryption key. */
  hmac: string;
}

/** Where a backup reads from. */
export interface BackupSource {
  dialect: 'sqlite' | 'postgres';
  /** The live SQLite handle (backup API), for dialect sqlite. */
  sqlite?: SQLite.Database;
  databaseUrl?: string;
  dataDir: string;
  /** Where the stored files are read; default: the local folder `<dataDir>/files`. */
  files?: FileStore;
  key: Buffer;
}

/** Files fetched from or written to an object store at once. */
const FILE_CONCURRENCY = 8;

/** Runs `fn` over `items`, `FILE_CONCURRENCY` at a time, in order within each batch. */
async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += FILE_CONCURRENCY) out.push(...(await Promise.all(items.slice(i, i + FILE_CONCURRENCY).map(fn))));
  return out;
}

const MAGIC = Buffer.from('GKENC1');

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function sealManifest(m: Omit<BackupManifest, 'hmac'>, key: Buffer): string {
  return createHmac('sha256', key).update(JSON.stringify(m)).digest('hex');
}

function encryptBytes(plain: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([MAGIC, iv, c.getAuthTag(), body]);
}

function decryptBytes(sealed: Buffer, key: Buffer): Buffer {
  if (!sealed.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted backup file');
  const iv = sealed.subarray(MAGIC.length, MAGIC.length + 12);
  const tag = sealed.subarray(MAGIC.length + 12, MAGIC.length + 28);
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(sealed.subarray(MAGIC.length + 28)), d.final()]);
}

function passphraseKey(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

function findPgTool(name: string): string {
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    for (const v of readdirSync(base).sort().reverse()) {
      const p = join(base, v, 'bin', name);
      if (existsSync(p)) return p;
    }
  }
  throw new Error(`${name} was not found; install the PostgreSQL client tools`);
}

/** Options of a backup. */
export interface BackupOptions {
  outDir: string;
  passphrase?: string;
  includeKey?: boolean;
  now?: Date;
}

/** Writes a backup into `outDir` (which must not exist) and returns its manifest. */
export async function createBackup(src: BackupSource, opts: BackupOptions): Promise<BackupManifest> {
  if (existsSync(opts.outDir)) throw new InvalidInput(`备份目录已存在：${opts.outDir}`, { out: '请指定一个不存在的目录' });
  const tmp = `${opts.outDir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'files'), { recursive: true, mode: 0o700 });
  const salt = opts.passphrase ? randomBytes(16) : undefined;
  const fileKey = opts.passphrase && salt ? passphraseKey(opts.passphrase, salt) : undefined;
  const entries: ManifestEntry[] = [];
  const put = (path: string, bytes: Buffer) => {
    const stored = fileKey ? encryptBytes(bytes, fileKey) : bytes;
    const full = join(tmp, path);
    mkdirSync(dirname(full), { recursive: true, mode: 0o700 });
    writeFileSync(full, stored, { mode: 0o600 });
    entries.push({ path, size: stored.length, sha256: sha256(stored) });
  };

  let storageKeys: string[];
  let auditEntries: number;
  if (src.dialect === 'sqlite') {
    if (!src.sqlite) throw new Error('a SQLite backup needs the live database handle');
    const snapshot = join(tmp, 'snapshot.sqlite');
    await src.sqlite.backup(snapshot); // consistent online copy, also while others write
    const snap = new SQLite(snapshot);
    try {
      snap.pragma('journal_mode = DELETE'); // a self-contained file: no -wal/-shm beside it
      storageKeys = (snap.prepare('select storage_key from stored_files').all() as { storage_key: string }[]).map((r) => r.storage_key);
      auditEntries = (snap.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    } finally {
      snap.close();
    }
    put('database.sqlite', readFileSync(snapshot));
    for (const f of [snapshot, `${snapshot}-wal`, `${snapshot}-shm`]) rmSync(f, { force: true });
  } else {
    const dump = join(tmp, 'dump.pgdump');
    const r = spawnSync(findPgTool('pg_dump'), ['--format=custom', '--no-owner', '--file', dump, src.databaseUrl!], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
    const list = spawnSync(findPgTool('pg_restore'), ['--list', dump], { encoding: 'utf8' });
    if (list.status !== 0) throw new Error(`pg_restore --list failed: ${list.stderr}`);
    // The files the dump refers to: read from the same database right after the dump (files are immutable and
    // written before the row that names them commits, so every key in the dump exists on disk).
    const psql = spawnSync(findPgTool('psql'), ['-At', '-c', 'select storage_key from stored_files', src.databaseUrl!], { encoding: 'utf8' });
    storageKeys = psql.status === 0 ? psql.stdout.split('\n').filter(Boolean) : [];
    const ac = spawnSync(findPgTool('psql'), ['-At', '-c', 'select count(*) from audit_log', src.databaseUrl!], { encoding: 'utf8' });
    auditEntries = Number(ac.stdout.trim() || 0);
    put('database.pgdump', readFileSync(dump));
    rmSync(dump);
  }
  const store = src.files ?? createLocalFileStore(join(src.dataDir, 'files'));
  let missingFiles = 0;
  await inBatches(storageKeys, async (key) => {
    const bytes = await store.get(key).catch((e: NodeJS.ErrnoException) => {
      if (e?.code === 'ENOENT') return undefined; // a file deleted after the snapshot (withdrawn, archived)
      throw e; // an unreachable store fails the backup rather than leaving files out
    });
    if (bytes) put(join('files', key.slice(0, 2), key), bytes); // written at once: at most a batch of files in memory
    else missingFiles++;
  });
  if (opts.includeKey) put('encryption.key', Buffer.from(src.key.toString('hex') + '\n'));
  const manifest: Omit<BackupManifest, 'hmac'> = {
    format: 'gongkai-backup/1', createdAt: (opts.now ?? new Date()).toISOString(), dialect: src.dialect,
    encrypted: Boolean(fileKey), salt: salt?.toString('hex'), includesKey: Boolean(opts.includeKey),
    counts: { storedFiles: storageKeys.length, auditEntries, ...(missingFiles ? { missingFiles } : {}) }, entries,
  };
  const full: BackupManifest = { ...manifest, hmac: sealManifest(manifest, src.key) };
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(full, null, 2), { mode: 0o600 });
  renameSync(tmp, opts.outDir);
  return full;
}

/** A problem that makes a backup unusable; restore refuses it. */
export class BackupRejected extends InvalidInput {
  constructor(message: string) {
    super(message, undefined, 'backup_rejected');
  }
}

/** Reads and verifies a backup: the manifest's seal, every file's hash, no extra or missing files. */
export function verifyBackup(dir: string, key: Buffer): BackupManifest {
  const mpath = join(dir, 'manifest.json');
  if (!existsSync(mpath)) throw new BackupRejected('不是 gongkai 备份：缺少 manifest.json');
  let m: BackupManifest;
  try {
    m = JSON.parse(readFileSync(mpath, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupRejected('备份清单已损坏');
  }
  if (m.format !== 'gongkai-backup/1') throw new BackupRejected('不支持的备份格式');
  const { hmac, ...rest } = m;
  const expected = Buffer.from(sealManifest(rest, key), 'hex');
  const given = Buffer.from(String(hmac ?? ''), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new BackupRejected('备份清单校验失败：清单被改动，或使用了不同的加密密钥');
  }
  const listed = new Set(m.entries.map((e) => e.path));
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [relative(dir, join(d, e.name))]));
  for (const f of walk(dir)) if (f !== 'manifest.json' && !listed.has(f)) throw new BackupRejected(`备份中有清单之外的文件：${f}`);
  for (const e of m.entries) {
    const p = join(dir, e.path);
    if (!existsSync(p)) throw new BackupRejected(`备份缺少文件：${e.path}`);
    if (sha256(readFileSync(p)) !== e.sha256) throw new BackupRejected(`备份文件被改动：${e.path}`);
  }
  return m;
}

/** Options of a restore. */
export interface RestoreOptions {
  backupDir: string;
  dataDir: string;
  dialect: 'sqlite' | 'postgres';
  databaseUrl?: string;
  key: Buffer;
  passphrase?: string;
  /** Replace an existing database. */
  force?: boolean;
  /** Where the files go; default: the local folder `<dataDir>/files`. */
  files?: FileStore;
}

/**
 * Verifies and restores a backup into the data directory (SQLite) or the database (PostgreSQL), and its files into
 * the FileStore. The database is checked and decrypted first, the files are written next, and the database is put in
 * place last, so a failure part-way leaves the old database, never one that names files not yet restored.
 */
export async function restoreBackup(o: RestoreOptions): Promise<BackupManifest> {
  const m = verifyBackup(o.backupDir, o.key);
  if (m.dialect !== o.dialect) throw new BackupRejected(`备份来自 ${m.dialect}，当前配置为 ${o.dialect}`);
  let fileKey: Buffer | undefined;
  if (m.encrypted) {
    if (!o.passphrase) throw new BackupRejected('该备份已加密，请提供口令（GONGKAI_BACKUP_PASSPHRASE）');
    fileKey = passphraseKey(o.passphrase, Buffer.from(m.salt ?? '', 'hex'));
  }
  const read = (path: string) => {
    const b = readFileSync(join(o.backupDir, path));
    try {
      return fileKey ? decryptBytes(b, fileKey) : b;
    } catch {
      throw new BackupRejected('口令不正确，或备份文件已损坏');
    }
  };
  const fileEntries = m.entries.filter((e) => e.path.startsWith('files/'));
  const keyOf = (path: string) => {
    const k = /^files\/([0-9A-Z]{2})\/([0-9A-Z]{20,64})$/.exec(path);
    if (!k || k[2].slice(0, 2) !== k[1]) throw new BackupRejected(`备份中的文件名不合规：${path}`);
    return k[2];
  };
  fileEntries.forEach((e) => keyOf(e.path));
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const restoreFiles = async () => {
    const store = o.files ?? createLocalFileStore(join(o.dataDir, 'files'));
    await inBatches(fileEntries, (e) => store.putAt(keyOf(e.path), read(e.path)));
  };
  if (m.dialect === 'sqlite') {
    const target = join(o.dataDir, 'gongkai.sqlite');
    if (existsSync(target) && !o.force) throw new BackupRejected(`数据目录中已有数据库：${target}（使用 --force 覆盖）`);
    const tmp = `${target}.restoring`;
    try {
      writeFileSync(tmp, read('database.sqlite'), { mode: 0o600 });
      const check = new SQLite(tmp);
      try {
        const r = check.pragma('integrity_check', { simple: true });
        if (r !== 'ok') throw new BackupRejected(`恢复的数据库未通过完整性检查：${String(r)}`);
      } finally {
        check.close();
      }
      await restoreFiles();
      for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
      renameSync(tmp, target);
    } finally {
      rmSync(tmp, { force: true });
    }
  } else {
    const tmp = join(o.dataDir, `restore-${Date.now()}.pgdump`);
    try {
      writeFileSync(tmp, read('database.pgdump'), { mode: 0o600 });
      await restoreFiles();
      const args = ['--no-owner', '--exit-on-error', '--single-transaction', '-d', o.databaseUrl!, tmp];
      if (o.force) args.unshift('--clean', '--if-exists');
      const r = spawnSync(findPgTool('pg_restore'), args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr}`);
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  if (m.includesKey && !existsSync(join(o.dataDir, 'encryption.key'))) {
    writeFileSync(join(o.dataDir, 'encryption.key'), read('encryption.key'), { mode: 0o600 });
  }
  return m;
}
