/**
 * The calendar commands as outside checks run them (design.md §5.2): the real `bin/gongkai.js` in a child process,
 * asserting stdout, stderr and exit codes. Without a database the shipped national calendar answers and nothing is
 * created; with one, administrators' notices, local days and counting rules are used.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { replaceNotice, upsertCountingRule, upsertLocalDays } from '../../src/calendar/calendar-store.ts';
import { createTestCtx, type TestCtx } from '../support/harness.ts';
import { makeAgency } from '../support/factories.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'gongkai.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function gongkai(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
    execFile(process.execPath, [bin, ...args], { env: childEnv, timeout: 180_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('calendar CLI without a database (shipped national calendar)', { concurrency: 3 }, () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gongkai-cli-')), 'data');
  const env = { GONGKAI_DATA_DIR: dataDir };
  const run = (...args: string[]) => gongkai(args, env);

  after(() => rmSync(dirname(dataDir), { recursive: true, force: true }));

  const isWorkday: [string, string, string][] = [
    ['2020-10-10', 'true', '调休上班 Saturday (国办发明电〔2019〕16号)'],
    ['2020-10-08', 'false', '国庆节 rest day'],
    ['2020-10-11', 'false', 'ordinary Sunday'],
    ['2020-10-12', 'true', 'ordinary Monday'],
    ['2020-02-01', 'false', 'make-up day cancelled by the 2020 Spring Festival extension'],
  ];
  for (const [date, expected, why] of isWorkday) {
    test(`is-workday ${date} → ${expected} (${why}), exit 0`, async () => {
      const r = await run('calendar', 'is-workday', date);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${expected}\n`);
      assert.equal(r.stderr, '');
    });
  }

  test('is-workday in an unannounced year answers weekends-only and warns on stderr', async () => {
    const r = await run('calendar', 'is-workday', '2027-01-01');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'true\n'); // a Friday; 元旦 2027 not yet announced
    assert.match(r.stderr, /2027年节假日安排尚未公布/);
  });

  const addWorkdays: [string, string, string][] = [
    ['2020-09-28', '4', '2020-10-10'], // the 调休 Saturday is the 4th working day
    ['2020-09-30', '1', '2020-10-09'], // the start day never counts; 10-01..10-08 rest
    ['2020-09-28', '20', '2020-11-02'], // Art. 33: 20 working days
    ['2020-12-31', '1', '2021-01-04'], // 元旦 2021, year end
  ];
  for (const [date, n, expected] of addWorkdays) {
    test(`add-workdays ${date} ${n} → ${expected}`, async () => {
      const r = await run('calendar', 'add-workdays', date, n);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${expected}\n`);
    });
  }

  const invalid: [string, string[]][] = [
    ['an impossible date', ['calendar', 'is-workday', '2021-02-29']],
    ['month 13', ['calendar', 'is-workday', '2020-13-01']],
    ['free text', ['calendar', 'is-workday', 'tomorrow']],
    ['no date', ['calendar', 'is-workday']],
    ['n = 0', ['calendar', 'add-workdays', '2020-09-28', '0']],
    ['n negative', ['calendar', 'add-workdays', '2020-09-28', '-3']],
    ['n not a number', ['calendar', 'add-workdays', '2020-09-28', 'five']],
    ['n absurd', ['calendar', 'add-workdays', '2020-09-28', '1000000']],
    ['extension over 20', ['deadline', '--received', '2020-09-28', '--extension', '21']],
    ['extension not a number', ['deadline', '--received', '2020-09-28', '--extension', 'ten']],
    ['pause ending before it starts', ['deadline', '--received', '2020-09-28', '--pause', '2020-10-16..2020-10-12']],
    ['pause without dates', ['deadline', '--received', '2020-09-28', '--pause', 'soon']],
    ['invalid receipt date', ['deadline', '--received', '2020-13-01']],
    ['no receipt date', ['deadline']],
    ['correction before receipt', ['deadline', '--received', '2020-09-28', '--corrected', '2020-09-01']],
    ['year out of range', ['calendar', 'show', '1999']],
  ];
  for (const [why, args] of invalid) {
    test(`${why}: message on stderr, exit 2`, async () => {
      const r = await run(...args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /\S/);
    });
  }

  test('deadline prints {dueOn, trace[{date, text}]} (Art. 33)', async () => {
    const r = await run('deadline', '--received', '2020-09-28');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { dueOn: string; trace: { date: string; text: string }[] };
    assert.deepEqual(Object.keys(json), ['dueOn', 'trace']);
    assert.equal(json.dueOn, '2020-11-02');
    for (const e of json.trace) {
      assert.deepEqual(Object.keys(e), ['date', 'text']);
      assert.match(e.date, /^\d{4}-\d{2}-\d{2}$/);
    }
    const text = json.trace.map((e) => e.text).join('；');
    assert.match(text, /收到申请 2020-09-28/);
    assert.match(text, /10-10（周六）国庆节调休上班，计第4个工作日/);
    assert.equal(json.trace.at(-1)?.date, '2020-11-02');
  });

  const deadlines: [string, string[], string][] = [
    ['corrected application restarts the clock (Art. 30)', ['--received', '2020-09-01', '--corrected', '2020-09-28'], '2020-11-02'],
    ['a pause of 5 working days moves the date by 5 (Art. 33 ¶3)', ['--received', '2020-09-28', '--pause', '2020-10-12..2020-10-16'], '2020-11-09'],
    ['two pauses', ['--received', '2020-09-28', '--pause', '2020-10-12..2020-10-13', '--pause', '2020-10-20'], '2020-11-05'],
    ['extension of 20 working days (Art. 33 ¶2)', ['--received', '2020-09-28', '--extension', '20'], '2020-11-30'],
  ];
  for (const [why, args, expected] of deadlines) {
    test(`deadline: ${why} → ${expected}`, async () => {
      const r = await run('deadline', ...args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { dueOn: string }).dueOn, expected);
    });
  }

  test('deadline into an unannounced year: warning in the trace and on stderr', async () => {
    const r = await run('deadline', '--received', '2026-12-15');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { trace: { text: string }[] };
    assert.ok(json.trace.some((e) => /2027年节假日安排尚未公布/.test(e.text)));
    assert.match(r.stderr, /2027年节假日安排尚未公布/);
  });

  test('deadline --lang en renders the trace in English', async () => {
    const r = await run('deadline', '--received', '2020-09-28', '--lang', 'en');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /make-up working day/);
  });

  test('calendar show lists rest and make-up days; --json for programs', async () => {
    const text = await run('calendar', 'show', '2020');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /国办发明电〔2019〕16号/);
    assert.match(text.stdout, /2020-10-01（周四）至 2020-10-08（周四）\s+国庆节/);
    assert.match(text.stdout, /调休上班/);
    assert.match(text.stdout, /2020-10-10（周六）/);
    const json = await run('calendar', 'show', '2020', '--json');
    const listing = JSON.parse(json.stdout) as { announced: boolean; days: { date: string; kind: string }[] };
    assert.equal(listing.announced, true);
    assert.ok(listing.days.some((d) => d.date === '2020-10-10' && d.kind === 'work'));
    // 2020-02-01 was a make-up day until the Spring Festival extension (国办发明电〔2020〕1号) made it a rest day.
    assert.ok(listing.days.some((d) => d.date === '2020-02-01' && d.kind === 'rest'));
  });

  test('calendar show of an unannounced year says so', async () => {
    const r = await run('calendar', 'show', '2027');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /2027年节假日安排尚未公布/);
    assert.match(r.stderr, /2027年节假日安排尚未公布/);
  });

  test('--help documents the database rule and exit codes', async () => {
    const r = await run('deadline', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /GONGKAI_DATA_DIR/);
    assert.match(r.stdout, /Exit codes/);
  });

  test('--agency without a database is a usage error', async () => {
    const r = await run('calendar', 'is-workday', '2020-10-10', '--agency', 'gskjt');
    assert.equal(r.code, 2);
  });

  test('no data directory is created', async () => {
    await run('calendar', 'is-workday', '2020-10-10');
    assert.equal(existsSync(dataDir), false);
  });
});

describe('calendar CLI with a SQLite database (administrators\' entries)', { concurrency: 4 }, () => {
  let ctx: TestCtx;
  const env = () => ({ GONGKAI_DATA_DIR: ctx.dataDir });
  before(async () => {
    ctx = await createTestCtx({ env: { DATABASE_URL: '' } });
    const root = await makeAgency(ctx, { code: 'clitop' });
    const child = await makeAgency(ctx, { code: 'clichild', parentId: root.id });
    const at = ctx.clock.now().toISOString();
    await replaceNotice(
      ctx.db,
      {
        year: 2027,
        title: '《国务院办公厅关于2027年部分节假日安排的通知》（测试）',
        documentNumber: '国办发明电〔2026〕99号',
        restDays: { '2027-01-01': '元旦', '2027-01-02': '元旦', '2027-01-03': '元旦' },
        workdays: { '2027-01-09': '元旦' },
        updatedBy: 'test',
      },
      at,
    );
    await upsertLocalDays(ctx.db, [{ scope: root.id, date: '2020-10-12', kind: 'rest', name: '本地节假日（测试）' }], at, 'test');
    await upsertCountingRule(ctx.db, child.id, 'start_day_counts', at);
  });
  after(() => ctx.cleanup());

  test('a stored notice is used', async () => {
    const r = await gongkai(['calendar', 'is-workday', '2027-01-01'], env());
    assert.equal(r.stdout, 'false\n');
    assert.equal(r.stderr, '');
    const sat = await gongkai(['calendar', 'is-workday', '2027-01-09'], env());
    assert.equal(sat.stdout, 'true\n');
  });

  test('--national ignores the database', async () => {
    const r = await gongkai(['calendar', 'is-workday', '2027-01-01', '--national'], env());
    assert.equal(r.stdout, 'true\n');
    assert.match(r.stderr, /尚未公布/);
  });

  test('--agency applies local days down the subtree and the agency\'s counting rule', async () => {
    const national = await gongkai(['calendar', 'is-workday', '2020-10-12'], env());
    assert.equal(national.stdout, 'true\n');
    const local = await gongkai(['calendar', 'is-workday', '2020-10-12', '--agency', 'clichild'], env());
    assert.equal(local.stdout, 'false\n');
    // The root's local rest day 10-12 pushes the reply date one working day later (2020-11-02 → 11-03) …
    const top = await gongkai(['deadline', '--received', '2020-09-28', '--agency', 'clitop'], env());
    assert.equal(top.code, 0, top.stderr);
    assert.equal((JSON.parse(top.stdout) as { dueOn: string }).dueOn, '2020-11-03');
    // … and at the child, whose rule counts the receipt day (a working day) as day 1, one earlier again.
    const r = await gongkai(['deadline', '--received', '2020-09-28', '--agency', 'clichild'], env());
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { dueOn: string }).dueOn, '2020-11-02');
    assert.match(r.stdout, /本机关计算规则/);
  });

  test('an unknown agency code is a usage error', async () => {
    const r = await gongkai(['calendar', 'is-workday', '2020-10-12', '--agency', 'nosuch'], env());
    assert.equal(r.code, 2);
  });

  test('calendar show names the entered notice and its 文号', async () => {
    const r = await gongkai(['calendar', 'show', '2027'], env());
    assert.equal(r.code, 0);
    assert.match(r.stdout, /国办发明电〔2026〕99号/);
    assert.match(r.stdout, /2027-01-09（周六）\s+元旦/);
  });
});
