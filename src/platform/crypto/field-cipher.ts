/**
 * Encryption of personal data at rest (security.md: ID number, phone, address; AES-256-GCM; the key lives outside
 * the database: GONGKAI_ENCRYPTION_KEY or a 0600 key file in the data directory created at first start).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Encrypts and decrypts short strings; `blindIndex` gives a keyed hash for exact-match lookups without plaintext. */
export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  blindIndex(plain: string): string;
}

const PREFIX = 'v1:';

/** A cipher over a 32-byte key. The sealed form is `v1:` + base64(iv ‖ tag ‖ ciphertext). */
export function createFieldCipher(key: Buffer): FieldCipher {
  if (key.length !== 32) throw new Error('encryption key must be 32 bytes');
  const macKey = createHmac('sha256', key).update('gongkai blind index').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('not an encrypted value');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
    blindIndex(plain) {
      return createHmac('sha256', macKey).update(plain.normalize('NFKC').toUpperCase()).digest('hex').slice(0, 32);
    },
  };
}

/** The key from the environment, else from `<dataDir>/encryption.key` (created 0600 on first start). */
export function loadEncryptionKey(dataDir: string, keyHex?: string): Buffer {
  if (keyHex) return Buffer.from(keyHex, 'hex');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'encryption.key');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
