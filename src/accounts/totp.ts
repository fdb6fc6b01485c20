/**
 * Second factor for staff (security.md "staff MFA": TOTP, RFC 6238, for every staff role) and one-time recovery
 * codes for a lost device. Pure apart from randomness; the service stores secrets encrypted and codes hashed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 defaults every authenticator app supports: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
const DIGITS = 6;

/** A new random TOTP secret (160 bits, RFC 4226 §4 recommends ≥ 128), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = '', issuer = 'gongkai'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secret: string, username: string, issuer: string): string {
  return totp(secret, username, issuer).toString();
}

/** The URI as a QR code, an SVG `data:` URL for an <img> (the CSP allows data: images). */
export async function totpQrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The 30-second step number of an instant. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD);
}

/**
 * The step a code matches (±1 step for clock drift), or null. Callers refuse a step at or before the last one used,
 * so a code cannot be replayed (RFC 6238 §5.2).
 */
export function matchTotp(secret: string, code: string, at: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: at.getTime(), window: 1 });
  return delta === null ? null : totpStep(at) + delta;
}

/** The code for an instant (for tests and for the test login helper; never shown to users). */
export function totpCodeAt(secret: string, at: Date): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Number of recovery codes issued at a time. */
export const RECOVERY_CODE_COUNT = 10;

/** A recovery code: 16 characters (80 bits) in four groups, without the look-alikes 0/O and 1/I. */
export function newRecoveryCode(): string {
  const chars = [...randomBytes(16)].map((b) => CODE_ALPHABET[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The stored form of a recovery code: sha256 of its normalised characters (80 random bits need no slow hash). */
export function hashRecoveryCode(code: string): string {
  const norm = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHash('sha256').update(`gongkai-recovery:${norm}`).digest('hex');
}
