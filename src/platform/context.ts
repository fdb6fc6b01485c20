/**
 * The dependencies every service receives, built once by the composition root (src/main.ts) or by the test harness.
 * Plain object, no container (style.md).
 */
import { EventEmitter } from 'node:events';
import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import type { DB, Dialect, OpenDatabase } from './db/database.ts';
import type { FileStore } from './files/file-store.ts';
import type { Mailer } from './mail/mailer.ts';

/** Events other parts react to (page-cache invalidation, search indexing). */
export interface PlatformEvents {
  /** Public content or its chrome changed for an agency (null = all agencies), so cached pages must go. */
  'content.changed': { agencyId: string | null; reason: string };
  /** Catalogue items went public or changed (upserted) or left public view (removed): the search index follows. */
  'catalogue.changed': { agencyId: string; upserted: string[]; removed: string[] };
}

/** A typed event bus over EventEmitter. */
export class EventBus {
  private readonly ee = new EventEmitter();
  emit<K extends keyof PlatformEvents>(name: K, payload: PlatformEvents[K]): void {
    this.ee.emit(name, payload);
  }
  on<K extends keyof PlatformEvents>(name: K, fn: (payload: PlatformEvents[K]) => void): void {
    this.ee.on(name, fn);
  }
}

/** The dependencies of services and web handlers. */
export interface Ctx {
  config: Config;
  db: DB;
  dialect: Dialect;
  database: OpenDatabase;
  clock: Clock;
  files: FileStore;
  mailer: Mailer;
  cipher: FieldCipher;
  events: EventBus;
}
