/** Builds a Ctx from a Config: opens the database, migrates it, and wires files, mail and encryption. */
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { systemClock, type Clock } from './clock.ts';
import { EventBus, type Ctx } from './context.ts';
import { createFieldCipher, loadEncryptionKey } from './crypto/field-cipher.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openFileStore } from './files/open-file-store.ts';
import { createMailer } from './mail/mailer.ts';

/** Options that tests and commands override. */
export interface BootstrapOptions {
  clock?: Clock;
  sqliteFile?: string;
  pgSchema?: string;
  migrate?: boolean;
}

/** Opens everything the services need. The caller closes `ctx.database` when done. */
export async function createContext(config: Config, opts: BootstrapOptions = {}): Promise<Ctx> {
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    sqliteFile: opts.sqliteFile,
    pgSchema: opts.pgSchema,
  });
  if (opts.migrate !== false) await migrateToLatest(database.db);
  return {
    config,
    db: database.db,
    dialect: database.dialect,
    database,
    clock: opts.clock ?? systemClock,
    files: await openFileStore(config),
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: join(config.dataDir, 'outbox') }),
    cipher: createFieldCipher(loadEncryptionKey(config.dataDir, config.encryptionKeyHex)),
    events: new EventBus(),
  };
}
