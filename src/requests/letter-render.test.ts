import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import mammoth from 'mammoth';
import { letterDocx, letterHtml } from './letter-render.ts';
import { replyLetter, type LetterFacts } from './letters.ts';

const facts: LetterFacts = { agencyName: '甘肃省科学技术厅', reviewBody: '甘肃省人民政府', trackingCode: 'ABCDEF', applicantName: '张三<script>', receivedOn: '2021-11-01', subject: '项目清单', format: '电子', delivery: '电子邮件' };
const letter = replyLetter(facts, { outcome: 'partly_granted', bases: ['art37'], facts: '清单可以公开。', withheld: [{ what: '第5项技术参数', ground: 'withheld_4' }], documentNumber: '甘科技依申〔2021〕7号', issuedOn: '2021-11-22' });

describe('letter rendering', () => {
  it('writes a DOCX whose Chinese text reads back intact, with the Chinese fonts named', async () => {
    const buf = await letterDocx(letter);
    const { value } = await mammoth.extractRawText({ buffer: buf });
    for (const s of ['政府信息公开申请答复书', '甘科技依申〔2021〕7号', '第三十七条', '第5项技术参数（保护第三方合法权益）', '60日内向甘肃省人民政府申请行政复议', '2021年11月22日', '（甘肃省科学技术厅印章）']) {
      assert.ok(value.includes(s), `missing ${s}`);
    }
    const { unzipSync, strFromU8 } = await import('fflate');
    const xml = strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']);
    assert.match(xml, /w:eastAsia="仿宋_GB2312"/);
    assert.match(xml, /w:eastAsia="方正小标宋简体"/);
  });

  it('escapes the printable HTML', () => {
    const html = letterHtml(letter);
    assert.ok(html.includes('张三&lt;script&gt;'));
    assert.ok(!html.includes('<script>'));
  });
});
