/**
 * Where uploaded and generated files live: one interface (design.md: local disk by default, S3-compatible for a
 * province). Files are stored outside the web root under random names (security.md).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { newToken } from '../ids.ts';

/** Storage of file bytes by key. */
export interface FileStore {
  /** Stores bytes durably (fsync before acknowledging) and returns the new random key and the sha256. */
  put(bytes: Buffer): Promise<{ key: string; sha256: string }>;
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** A FileStore in a local folder, with files fanned out by the first characters of the key. */
export function createLocalFileStore(root: string): FileStore {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const pathOf = (key: string) => {
    if (!/^[0-9A-Z]{20,64}$/.test(key)) throw new Error('invalid file key');
    return join(root, key.slice(0, 2), key);
  };
  return {
    async put(bytes) {
      const key = newToken(20);
      const path = pathOf(key);
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
      return { key, sha256: createHash('sha256').update(bytes).digest('hex') };
    },
    get: (key) => readFile(pathOf(key)),
    async exists(key) {
      try {
        await stat(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
