import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { generatePassword, hashPassword, isPasswordExpired, passwordProblems, verifyPassword } from './password.ts';

describe('password policy (security.md "staff passwords")', () => {
  const rows: [string, string, 'standard' | 'dengbao', boolean, string][] = [
    ['too short (< 12)', 'Sh0rt!pass', 'standard', false, '至少需要 12'],
    ['12 characters, plain words', 'river lantern', 'standard', true, ''],
    ['a sentence in Chinese', '兰州的黄河铁桥很美丽啊', 'standard', false, '至少需要 12'],
    ['a long Chinese sentence', '兰州的黄河铁桥在夜里很美丽啊', 'standard', true, ''],
    ['too long (> 128)', 'x'.repeat(60) + 'y'.repeat(69), 'standard', false, '不能超过 128'],
    ['common password with digits', 'password123456', 'standard', false, '常见密码'],
    ['common password with symbols', 'P@ssw0rd!!!!', 'standard', false, '常见密码'],
    ['repeated character', 'aaaaaaaaaaaaaa', 'standard', false, '重复或连续'],
    ['digit sequence with wrap-around', '1234567890123', 'standard', false, '重复或连续'],
    ['keyboard row', 'qwertyuiopasd', 'standard', false, '重复或连续'],
    ['letter sequence', 'abcdefghijklm', 'standard', false, '重复或连续'],
    ['contains the username', 'my-zhangsan-secret', 'standard', false, '用户名'],
    ['contains the agency code', 'welcome-to-gskjt-2020', 'standard', false, '用户名、姓名或机构代码'],
    ['dengbao: only lower case and spaces', 'river lantern moon', 'dengbao', false, '至少三类'],
    ['dengbao: three classes', 'River lantern 42', 'dengbao', true, ''],
  ];
  for (const [name, pw, profile, ok, fragment] of rows) {
    it(name, () => {
      const problems = passwordProblems(pw, profile, { username: 'zhangsan', displayName: '张三', words: ['gskjt'] });
      assert.equal(problems.length === 0, ok, JSON.stringify(problems));
      if (!ok) assert.ok(problems.some((p) => p.zh.includes(fragment)), JSON.stringify(problems));
    });
  }

  it('generated temporary passwords pass both profiles', () => {
    for (let i = 0; i < 50; i++) {
      const pw = generatePassword(randomBytes);
      assert.equal(pw.length, 19);
      assert.deepEqual(passwordProblems(pw, 'standard'), []);
    }
  });

  it('dengbao passwords expire after 90 days, standard ones do not', () => {
    const now = new Date('2021-01-01T00:00:00Z');
    assert.equal(isPasswordExpired('dengbao', '2020-10-01T00:00:00Z', now), true);
    assert.equal(isPasswordExpired('dengbao', '2020-10-10T00:00:00Z', now), false);
    assert.equal(isPasswordExpired('standard', '2019-01-01T00:00:00Z', now), false);
  });

  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword(h, 'correct horse battery'), true);
    assert.equal(await verifyPassword(h, 'correct horse batterY'), false);
    assert.equal(await verifyPassword('not a hash', 'x'), false);
  });
});
