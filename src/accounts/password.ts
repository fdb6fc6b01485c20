/**
 * Staff password rules and hashing (security.md "staff passwords": argon2id; ≥ 12 characters, ≤ 128; common and
 * context words refused; a `dengbao` profile — GB/T 22239-2019 level 3 — asking for 3 of 4 character classes and
 * rotation every 90 days).
 */
import { hash, verify } from '@node-rs/argon2';

/** Password profiles an installation can choose (an agency may only make the default stricter). */
export const PASSWORD_PROFILES = {
  standard: '标准（至少12位，拒绝常见密码）',
  dengbao: '等保三级（另需四类字符中至少三类，90天更换）',
} as const;
/** A password profile. */
export type PasswordProfile = keyof typeof PASSWORD_PROFILES;

/** Minimum and maximum lengths (security.md; ASVS 5.0 V6.2.1, V6.2.9). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
/** Days after which the dengbao profile requires a new password. */
export const DENGBAO_ROTATION_DAYS = 90;

// argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane). Algorithm 2 = Argon2id (a const enum upstream).
const ARGON2 = { algorithm: 2 as never, memoryCost: 19456, timeCost: 2, parallelism: 1 };

// Passwords seen in every leaked list, and words any attacker tries first against a government site.
const COMMON = [
  'password', 'passw0rd', 'p@ssw0rd', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '123456', '1234567890',
  '12345678', '87654321', '11111111', '00000000', '88888888', '66666666', '666666', '888888', '123123', 'abc123',
  'abcd1234', 'a1b2c3', 'iloveyou', 'letmein', 'welcome', 'admin', 'administrator', 'root', 'monkey', 'dragon',
  'sunshine', 'football', 'baseball', 'superman', 'changeme', 'default', 'secret', 'woaini', '5201314', '1314520',
  'zhangwei', 'wangwei', 'gongkai', 'zhengwu', 'zhengfu', 'gansu', 'lanzhou', 'beijing', 'china', 'zhongguo',
  'huawei', 'qq123456', 'aa123456', 'a123456', 'test', 'guest', 'user',
];

/** Context for the context-word rule: the username, the person's name, the agency code. */
export interface PasswordContext {
  username?: string;
  displayName?: string;
  words?: string[];
}

/**
 * Problems with a new password, in Chinese and English, or [] when it may be used. The rules follow NIST 800-63B
 * (length, blocklist, no composition rules) unless the dengbao profile asks for character classes.
 */
export function passwordProblems(
  password: string,
  profile: PasswordProfile = 'standard',
  context: PasswordContext = {},
): { zh: string; en: string }[] {
  const out: { zh: string; en: string }[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN) out.push({ zh: `密码至少需要 ${PASSWORD_MIN} 个字符`, en: `Use at least ${PASSWORD_MIN} characters` });
  if (length > PASSWORD_MAX) out.push({ zh: `密码不能超过 ${PASSWORD_MAX} 个字符`, en: `Use at most ${PASSWORD_MAX} characters` });
  const folded = password.toLowerCase().normalize('NFKC');
  const stripped = folded.replace(/[^a-z0-9\u4e00-\u9fff]/g, '');
  const base = unLeet(folded.replace(/[\d\W_]+$/, '')).replace(/[^a-z0-9\u4e00-\u9fff]/g, '');
  if (/^(.)\1+$/u.test(folded) || isSequence(stripped)) {
    out.push({ zh: '密码不能是重复或连续的字符', en: 'Do not use repeated or sequential characters' });
  } else if (COMMON.some((w) => stripped === w || unLeet(stripped) === unLeet(w) || (w.length >= 5 && base === unLeet(w)))) {
    out.push({ zh: '这是常见密码，请换一个不易猜到的密码', en: 'This is a common password; choose one that is harder to guess' });
  }
  const contextWords = [context.username, context.displayName, ...(context.words ?? [])]
    .filter((w): w is string => Boolean(w && [...w].length >= 3))
    .map((w) => w.toLowerCase().normalize('NFKC'));
  if (contextWords.some((w) => folded.includes(w))) {
    out.push({ zh: '密码不能包含用户名、姓名或机构代码', en: 'Do not include your username, name or agency code' });
  }
  if (profile === 'dengbao') {
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
    if (classes < 3) {
      out.push({ zh: '等保要求：密码需包含大写字母、小写字母、数字、符号中的至少三类', en: 'Use at least three of: upper case, lower case, digits, symbols' });
    }
  }
  return out;
}

const RUNS = ['1234567890'.repeat(13), 'abcdefghijklmnopqrstuvwxyz'.repeat(5), 'qwertyuiopasdfghjklzxcvbnm'.repeat(5)];

/** True for a run along the digits, the alphabet or the keyboard, either way round (with wrap-around). */
function isSequence(s: string): boolean {
  if (s.length < 6) return false;
  const reversed = [...s].reverse().join('');
  return RUNS.some((r) => r.includes(s) || r.includes(reversed));
}

/** Undoes the usual letter-for-symbol swaps (p@ssw0rd), so they do not hide a common password. */
function unLeet(s: string): string {
  return s.replace(/[@4]/g, 'a').replace(/[$5]/g, 's').replace(/0/g, 'o').replace(/[1!|]/g, 'l').replace(/3/g, 'e').replace(/7/g, 't');
}

/** True when the profile asks for a new password because the current one is too old. */
export function isPasswordExpired(profile: PasswordProfile, changedAt: string, now: Date): boolean {
  if (profile !== 'dengbao') return false;
  return now.getTime() - Date.parse(changedAt) > DENGBAO_ROTATION_DAYS * 86_400_000;
}

/** Hashes a password with argon2id (the PHC string carries salt and parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** Checks a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the time of one verification, so unknown usernames answer as slowly as wrong passwords. */
export async function verifyDummyPassword(password: string): Promise<void> {
  dummy ??= hashPassword('gongkai-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
}

const TEMP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
/** A random temporary password (16 characters from 56 letters and digits, ≈ 93 bits), for resets and demo accounts. */
export function generatePassword(randomBytes: (n: number) => Buffer): string {
  const out: string[] = [];
  while (out.length < 16) {
    for (const b of randomBytes(32)) {
      if (b < 224 && out.length < 16) out.push(TEMP_ALPHABET[b % 56]); // 224 = 4 × 56: no modulo bias
    }
  }
  // Group for reading aloud; the hyphens make it satisfy the dengbao profile's classes too.
  return `${out.slice(0, 4).join('')}-${out.slice(4, 8).join('')}-${out.slice(8, 12).join('')}-${out.slice(12).join('')}`;
}
