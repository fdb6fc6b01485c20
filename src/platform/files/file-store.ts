/**
 * Where uploaded and generated files live: one interface (design.md: local disk by default, S3-compatible for a
 * province). Files are stored outside the web root under random names (security.md).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { newToken } from '../ids.ts';

/** One object as `FileStore.list` reports it. */
export interface StoredObject {
  key: string;
  size: number;
  /** When the bytes were last written (local: file mtime; S3: LastModified). */
  modifiedAt: Date;
}

/** Storage of file bytes by key. */
export interface FileStore {
  /** Stores bytes durably (fsync before acknowledging) and returns the new random key and the sha256. */
  put(bytes: Buffer): Promise<{ key: string; sha256: string }>;
  /** Stores bytes under a key a backup recorded (`gongkai restore`), replacing what it held; as durable as `put`. */
  putAt(key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes; rejects when the key holds nothing. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Removes the object; no error when it is already gone. Accepts every key `list` yields. */
  delete(key: string): Promise<void>;
  /**
   * Every object in the store, in no particular order, streamed (a store may hold millions). Used by the sweep of
   * unreferenced bytes (src/platform/files/orphan-sweep.ts), which deletes what no database row names once it is
   * older than a grace period — so `modifiedAt` must be the time of the write, and an object being written must
   * either not be listed yet or be listed with a recent `modifiedAt`. Leftovers of interrupted writes must be listed
   * too (under a key `delete` accepts), or they are never reclaimed: the local store lists its `<key>.tmp` files.
   * An S3 implementation maps this to ListObjectsV2 pages under its prefix (Key, Size, LastModified); incomplete
   * multipart uploads are not objects and are left to the bucket's lifecycle rule.
   */
  list(): AsyncIterable<StoredObject>;
}

/** A FileStore in a local folder, with files fanned out by the first characters of the key. */
export function createLocalFileStore(root: string): FileStore {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const pathOf = (key: string) => {
    // `<key>.tmp` is a write in progress or cut off by a crash (see put); `list` reports it so it can be swept.
    if (!/^[0-9A-Z]{20,64}(\.tmp)?$/.test(key)) throw new Error('invalid file key');
    return join(root, key.slice(0, 2), key);
  };
  /** Writes `<path>.tmp`, fsyncs it, renames it over `path` and fsyncs the folder: a crash leaves the old bytes or the new. */
  async function writeDurably(path: string, bytes: Buffer): Promise<void> {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
  return {
    async put(bytes) {
      const key = newToken(20);
      await writeDurably(pathOf(key), bytes);
      return { key, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
    async putAt(key, bytes) {
      if (key.endsWith('.tmp')) throw new Error('invalid file key');
      await rm(`${pathOf(key)}.tmp`, { force: true }); // a leftover of a write cut off by a crash
      await writeDurably(pathOf(key), bytes);
    },
    get: async (key) => readFile(pathOf(key)),
    async exists(key) {
      const path = pathOf(key); // an invalid key is an error, not "missing"
      try {
        await stat(path);
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async *list() {
      const dirs = await readdir(root, { withFileTypes: true });
      for (const d of dirs) {
        if (!d.isDirectory() || !/^[0-9A-Z]{2}$/.test(d.name)) continue;
        for (const name of await readdir(join(root, d.name)).catch(() => [] as string[])) {
          if (!/^[0-9A-Z]{20,64}(\.tmp)?$/.test(name) || name.slice(0, 2) !== d.name) continue;
          const st = await stat(join(root, d.name, name)).catch(() => undefined); // deleted meanwhile
          if (st?.isFile()) yield { key: name, size: st.size, modifiedAt: st.mtime };
        }
      }
    },
  };
}
