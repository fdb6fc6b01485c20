/** `gongkai backup` and `gongkai restore`: consistent copies of database and files, verified before restoring. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { appendAudit } from '../audit/audit-service.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { createBackup, restoreBackup, type BackupManifest } from '../platform/backup/backup.ts';
import { loadEncryptionKey } from '../platform/crypto/field-cipher.ts';
import { openFileStore } from '../platform/files/open-file-store.ts';
import { UsageError, out, say, withContext, type Command } from './cli.ts';

function passphrase(required: boolean): string | undefined {
  const p = process.env.GONGKAI_BACKUP_PASSPHRASE;
  if (required && (!p || p.length < 12)) throw new UsageError('加密备份需要环境变量 GONGKAI_BACKUP_PASSPHRASE（至少 12 个字符）');
  return p || undefined;
}

export const backupCommand: Command = {
  name: 'backup',
  summary: '备份数据库和文件 / back up the database and stored files',
  help: [
    'Makes a consistent online copy (SQLite backup API, or pg_dump on PostgreSQL) of the database and of every stored',
    'file it refers to, with a manifest of SHA-256 hashes sealed with the instance key. Safe while the server runs.',
    'Files come from the configured store (GONGKAI_FILES: the local folder or the S3 bucket).',
    '  --out <dir>      where to write it (must not exist; default ./backups/gongkai-<time>)',
    '  --encrypt        encrypt every file with a key derived from GONGKAI_BACKUP_PASSPHRASE (scrypt, AES-256-GCM)',
    '  --include-key    also copy the personal-data encryption key (left out by default: keep it separately)',
    'Prints the backup directory on stdout. Exit codes: 0 done; 2 bad usage; 3 the copy failed.',
  ].join('\n'),
  options: { out: { type: 'string' }, encrypt: { type: 'boolean' }, 'include-key': { type: 'boolean' } },
  async run({ values }) {
    const pass = values.encrypt ? passphrase(true) : undefined;
    return withContext(async (ctx, config) => {
      const stamp = ctx.clock.now().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
      const dir = resolve((values.out as string | undefined) ?? join('backups', `gongkai-${stamp}`));
      const m = await createBackup({
        dialect: ctx.dialect, sqlite: ctx.database.sqlite, databaseUrl: config.databaseUrl, dataDir: config.dataDir, files: ctx.files,
        key: loadEncryptionKey(config.dataDir, config.encryptionKeyHex),
      }, { outDir: dir, passphrase: pass, includeKey: Boolean(values['include-key']), now: ctx.clock.now() });
      await appendAudit(ctx.db, ctx.dialect, SYSTEM_ACTOR, { action: 'backup.create', objectType: 'backup', objectId: dir, summary: { files: m.counts.storedFiles, encrypted: m.encrypted, includesKey: m.includesKey } }, ctx.clock.now());
      out(dir);
      say(`备份完成：${m.entries.length} 个文件（其中存储文件 ${m.counts.storedFiles} 个，审计日志 ${m.counts.auditEntries} 条）${m.encrypted ? '，已加密' : ''}`);
      return 0;
    });
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: '从备份恢复 / restore from a backup',
  help: [
    'gongkai restore <dir> [--force]',
    'Verifies the backup (manifest seal, every file hash; encrypted backups need GONGKAI_BACKUP_PASSPHRASE) and then',
    'restores the database into GONGKAI_DATA_DIR (or the PostgreSQL database of DATABASE_URL) and the files into the',
    'configured store (GONGKAI_FILES: local folder or S3 bucket; a backup of either restores into either).',
    'Refuses a tampered backup, and a target that already holds a database unless --force is given.',
    'Stop the server first. Exit codes: 0 restored; 2 refused (tampered, wrong key or passphrase, target not empty).',
  ].join('\n'),
  options: { force: { type: 'boolean' } },
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError('用法: gongkai restore <备份目录> [--force]');
    const dir = resolve(positionals[0]);
    const config = loadConfig();
    let key: Buffer;
    const keyFile = join(config.dataDir, 'encryption.key');
    if (config.encryptionKeyHex || existsSync(keyFile)) key = loadEncryptionKey(config.dataDir, config.encryptionKeyHex);
    else if (existsSync(join(dir, 'encryption.key'))) {
      say('使用备份中附带的加密密钥校验（该备份的完整性取决于备份口令和存放安全）');
      key = Buffer.from(readFileSync(join(dir, 'encryption.key'), 'utf8').trim(), 'hex');
    } else throw new UsageError('找不到加密密钥：请设置 GONGKAI_ENCRYPTION_KEY 或把 encryption.key 放入数据目录');
    const m: BackupManifest = await restoreBackup({
      backupDir: dir, dataDir: config.dataDir, dialect: config.databaseUrl ? 'postgres' : 'sqlite', databaseUrl: config.databaseUrl,
      key, passphrase: passphrase(false), force: Boolean(values.force), files: await openFileStore(config),
    });
    await withContext(async (ctx) => {
      await appendAudit(ctx.db, ctx.dialect, SYSTEM_ACTOR, { action: 'backup.restore', objectType: 'backup', objectId: dir, summary: { createdAt: m.createdAt, files: m.counts.storedFiles } }, ctx.clock.now());
    });
    say(`已从 ${m.createdAt} 的备份恢复：存储文件 ${m.counts.storedFiles} 个，审计日志 ${m.counts.auditEntries} 条`);
    return 0;
  },
};
