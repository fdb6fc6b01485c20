import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { parseReportBytes, parseReportText, ReportUnreadable } from './report-parse.ts';
import { checkReportFile } from './report-check.ts';
import { annualReportSchema } from './report-format.ts';
import { narrativeClaims } from './report-narrative.ts';

const FIXTURES = new URL('../../test/fixtures/reports/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const expected = JSON.parse(fixture('expected.json').toString('utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'gongkai-report-'));

for (const name of ['pingtan_2019.txt', 'pingtan_2023.txt']) {
  test(`${name}: tables 三 and 四 as the publisher printed them (fixtures/reports/expected.json)`, async () => {
    const { report, source } = await parseReportBytes(fixture(name));
    assert.equal(report.template, expected[name].template);
    assert.equal(source.templateFrom, 'labels');
    assert.deepEqual(report.table3, expected[name].table3);
    assert.deepEqual(report.table4, expected[name].table4);
    assert.equal(report.agencyName, '平潭综合实验区');
    assert.deepEqual(report.violations, []);
    assert.equal(annualReportSchema.safeParse(report).success, true);
  });
}

test('pingtan_2019 table 二: flattened rows read, the ones digits cannot settle flagged D1', async () => {
  const { report } = await parseReportBytes(fixture('pingtan_2019.txt'));
  assert.equal(report.year, 2019);
  assert.ok(report.template === '2019');
  assert.deepEqual(report.table2.regulations, { made: 0, published: 0, totalPublic: 0 });
  assert.deepEqual(report.table2.licensing, { previousYear: 396, change: 0, decisions: 181 });
  assert.deepEqual(report.table2.penalties, { previousYear: 2648, change: 0, decisions: 430 });
  assert.equal(report.table2.procurement.amount.unit, '元');
  const d1 = report.warnings.filter((w) => w.rule === 'D1').map((w) => w.where);
  assert.ok(d1.includes('table2.licensing'));
  assert.ok(!d1.includes('table2.regulations'), '000 splits one way only');
  assert.ok(!d1.some((w) => w.startsWith('table3')), 'table 三 is settled by R1–R3');
});

test('pingtan_2023: the row “191000020” splits as 19|1|0|0|0|0|20 or 1|9|10|0|0|0|20; R1 per column picks the first', async () => {
  const { report } = await parseReportBytes(fixture('pingtan_2023.txt'));
  assert.deepEqual(report.table3.rows.partly_granted, [19, 1, 0, 0, 0, 0, 20]);
  assert.equal(report.warnings.filter((w) => w.rule === 'D1' && w.where.startsWith('table3')).length, 0);
  // The narrative's figures (81 applications, 2 reconsiderations, 7 lawsuits) agree with the tables: no N1.
  assert.deepEqual(report.warnings.filter((w) => w.rule === 'N1'), []);
});

test('the seed (Traditional, machine-converted, empty tables): readable, R0 for each table, exit 1', async () => {
  const path = join(tmp, 'seed.txt');
  writeFileSync(path, fixture('seed_gansu_kjt_2020_traditional.txt'));
  const res = await checkReportFile(path);
  assert.equal(res.exitCode, 1);
  assert.equal(res.report.template, '2019');
  assert.equal(res.report.year, 2020);
  assert.deepEqual(res.report.violations.map((v) => `${v.rule} ${v.where}`), ['R0 table2', 'R0 table3', 'R0 table4']);
  assert.ok(Object.values(res.report.table3.rows).flat().every((c) => c === null), 'never invents numbers');
  assert.equal(res.parsed.source.script, 'traditional');
  assert.equal(res.parsed.sections[6], undefined, 'the seed lost its section 六');
  assert.match(res.parsed.sections[1] ?? '', /省科技厅/);
});

test('a flattened row no identity can settle is reported as D1 with the choice made', () => {
  // “191000020” is 19|1|0|0|0|0|20 or 1|9|10|0|0|0|20; when 新收, 予以公开 and 总计 all read so, R1–R3 hold either way.
  const text = fullText()
    .replace('受理政府信息公开申请2件', '受理政府信息公开申请20件')
    .replace('本年新收政府信息公开申请数量2000002', '本年新收政府信息公开申请数量191000020')
    .replace('（一）予以公开2000002', '（一）予以公开191000020')
    .replace('（七）总计2000002', '（七）总计191000020');
  const { report } = parseReportText(text);
  const d1 = report.warnings.filter((w) => w.rule === 'D1').map((w) => w.where);
  assert.deepEqual(d1, ['table3.new', 'table3.granted', 'table3.total']);
  assert.deepEqual(report.table3.rows.new, report.table3.rows.total, 'the choice keeps the identities');
  assert.deepEqual(report.violations, []);
  assert.match(report.warnings.find((w) => w.rule === 'D1')!.message, /2种方式拆分/);
});

const fullText = () => TABLE3_TEXT.replace('二、主动公开政府信息情况', PINGTAN_T2);

const TABLE3_TEXT =
  '某某局2020年政府信息公开工作年度报告 一、总体情况 本年共受理政府信息公开申请2件。 二、主动公开政府信息情况 ' +
  '三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量2000002二、上年结转政府信息公开申请数量0000000' +
  '三、本年度办理结果（一）予以公开2000002（二）部分公开（区分处理的，只计这一情形，不计其他情形）0000000（三）不予公开1.属于国家秘密0000000' +
  '2.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益00000005.属于三类内部事务信息0000000' +
  '6.属于四类过程性信息00000007.属于行政执法案卷00000008.属于行政查询事项0000000（四）无法提供1.本机关不掌握相关政府信息0000000' +
  '2.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请00000002.重复申请0000000' +
  '3.要求提供公开出版物00000004.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000（六）其他处理0000000' +
  '（七）总计2000002四、结转下年度继续办理0000000 四、政府信息公开行政复议、行政诉讼情况 结果维持结果纠正其他结果尚未审结总计 000000000000000 ' +
  '五、存在的主要问题及改进情况 无。 六、其他需要报告的事项 无。';

test('Traditional script, half-width punctuation, spaces inside labels and page chrome are all tolerated', () => {
  const t2s = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const variant = t2s(fullText())
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace('本年新收', '本年 新收')
    .replace('00000004.保護第三方', '0000000 第 2 页 共 3 页 4.保護第三方');
  const { report, source } = parseReportText(variant);
  assert.equal(source.script, 'traditional');
  assert.deepEqual(report.table3.rows.new, [2, 0, 0, 0, 0, 0, 2]);
  assert.deepEqual(report.table3.rows.withheld_3, [0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(report.violations, []);
});

test('HTML with blank cells: blank stays null (R0), never 0', async () => {
  const html = `<!doctype html><html><head><title>x</title><script>var a=1;</script></head><body>
    <div class="nav">首页 &gt; 政府信息公开 &gt; 年报</div>
    <h1>某某局2021年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>……</p>
    <p>三、收到和处理政府信息公开申请情况</p><table>
    <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
    <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
    <tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
    <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>3</td><td></td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
    </table><p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p></body></html>`;
  const { report, source } = await parseReportBytes(Buffer.from(html));
  assert.equal(source.format, 'html');
  assert.equal(report.template, '2021');
  assert.deepEqual(report.table3.rows.new, [3, null, 0, 0, 0, 0, 3]);
  assert.ok(report.violations.some((v) => v.rule === 'R0' && v.where === 'table3.new.commercial'));
});

const UNREADABLE: [string, () => Buffer, string][] = [
  ['an empty file', () => Buffer.alloc(0), 'empty'],
  ['whitespace only', () => Buffer.from('   \n\n  '), 'empty'],
  ['binary garbage', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'binary'],
  ['a PNG image', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'unknown_format'],
  ['an old .doc', () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2]), 'unknown_format'],
  ['a zip that is not DOCX', () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0]), 'unknown_format'],
  ['a Chinese text that is not a report', () => Buffer.from('关于做好春节期间安全生产工作的通知。各单位：请加强值班。'), 'not_a_report'],
];
for (const [name, bytes, reason] of UNREADABLE) {
  test(`not a report → ReportUnreadable(${reason}), exit 2: ${name}`, async () => {
    await assert.rejects(parseReportBytes(bytes()), (e: unknown) => e instanceof ReportUnreadable && e.reason === reason && e.code === 'report_unreadable');
    const path = join(tmp, 'bad.bin');
    writeFileSync(path, bytes());
    const res = await checkReportFile(path);
    assert.equal(res.exitCode, 2);
    assert.equal(res.report, null);
  });
}

test('a file over 20 MB is refused before it is read (exit 2); a missing file too', async () => {
  const path = join(tmp, 'big.txt');
  writeFileSync(path, Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
  const res = await checkReportFile(path);
  assert.equal(res.exitCode, 2);
  assert.equal(res.exitCode === 2 && res.error.reason, 'too_large');
  assert.equal((await checkReportFile(join(tmp, 'nope.txt'))).exitCode, 2);
});

test('a consistent report exits 0; a broken identity exits 1 naming rule and cell', async () => {
  const ok = join(tmp, 'ok.txt');
  writeFileSync(ok, fullText());
  assert.equal((await checkReportFile(ok)).exitCode, 0);
  const broken = join(tmp, 'broken.txt');
  writeFileSync(broken, fullText().replace('四、结转下年度继续办理0000000', '四、结转下年度继续办理1000001'));
  const res = await checkReportFile(broken);
  assert.equal(res.exitCode, 1);
  assert.ok(res.report?.violations.some((v) => v.rule === 'R1' && v.where === 'table3.carried_forward.natural_person'));
});

const PINGTAN_T2 =
  '二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件0 0 0' +
  '第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可0 0 0其他对外管理服务事项0 0 0第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量' +
  '行政处罚0 0 0行政强制0 0 0第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费0 0第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购0 0 ';

test('a PDF text layer: Kangxi radicals (⼀ for 一), tab-separated cells, wrapped labels, the header repeated after a page break', () => {
  const text = [
    '某某局2021年政府信息公开⼯作年度报告',
    '⼀、总体情况', '本年共受理政府信息公开申请2件。',
    '⼆、主动公开政府信息情况',
    '三、收到和处理政府信息公开申请情况',
    '（本列数据的勾稽关系为：第⼀项加第⼆项之和，等于第三项加第四项之和）', '申请⼈情况', '⾃然', '⼈', '法⼈或其他组织', '总计\t商业', '企业',
    '⼀、本年新收政府信息公开申请数量 \t2 \t0 \t0 \t0 \t0 \t0 \t2',
    '-- 1 of 3 --',
    '（本列数据的勾稽关系为：第⼀项加第⼆项之和，等于第三项加第四项之和）', '申请⼈情况', '总计\t商业', '企业',
    '⼆、上年结转政府信息公开申请数量 \t0 \t0 \t0 \t0 \t0 \t0 \t0',
    '（⼀）予以公开 \t1 \t0 \t0 \t0 \t0 \t0 \t1',
    '（⼆）部分公开（区分处理', '的，只计这⼀情形，不计其他', '情形）', '1 \t0 \t0 \t0 \t0 \t0 \t1',
    '2.其他法律⾏政法', '规禁⽌公开 0 \t0 \t0 \t0 \t0 \t0 \t0',
  ].join('\n');
  const { report } = parseReportText(text);
  assert.equal(report.template, '2021');
  assert.deepEqual(report.table3.rows.new, [2, 0, 0, 0, 0, 0, 2]);
  assert.deepEqual(report.table3.rows.carried_over, [0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(report.table3.rows.partly_granted, [1, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(report.table3.rows.withheld_2, [0, 0, 0, 0, 0, 0, 0]);
  assert.equal(report.table3.rows.withheld_1[0], null, 'a row the text lacks stays blank');
});

/** GB18030 bytes of a text (test-only encoder: Node decodes GB18030 but cannot encode it). */
function gb18030(text: string): Buffer {
  const dec = new TextDecoder('gb18030');
  const map = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) map.set(dec.decode(new Uint8Array([a, b])), [a, b]);
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = map.get(ch);
      assert.ok(bytes, `no GB18030 two-byte code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

test('a GB2312/GBK page (common on government sites) is decoded as GB18030', async () => {
  const { report } = await parseReportBytes(gb18030(fullText().replace(/“|”/g, '"')));
  assert.deepEqual(report.table3.rows.new, [2, 0, 0, 0, 0, 0, 2]);
  assert.deepEqual(report.violations, []);
});

test('the seed’s narrative states the figures its regenerated tables must equal (domain.md §0; N1)', async () => {
  const { sections } = await parseReportBytes(fixture('seed_gansu_kjt_2020_traditional.txt'));
  const claims = narrativeClaims([sections[1], sections[5]].join('\n'), '2019').map((c) => `${c.where.join('+')}=${c.value}`);
  assert.deepEqual(claims, [
    'table2.normative_documents.made=12',
    'table3.new.total=2',
    'table4.reconsideration.total=0',
    'table4.litigation_direct.total+table4.litigation_after.total=0',
  ]);
});
