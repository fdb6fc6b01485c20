// The compact converters (zh-convert.ts) give exactly opencc-js's output: on the repository's Chinese texts (docs,
// report fixtures in Simplified and Traditional, every page template's strings) and on random text built from the
// dictionaries' own keys mixed with markup, astral characters and ideographic description sequences.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import ST_PHRASES from 'opencc-js/dict/STPhrases';
import TS_PHRASES from 'opencc-js/dict/TSPhrases';
import TW_PHRASES from 'opencc-js/dict/TWPhrases';
import { localise, toSimplified, toTraditional } from './i18n.ts';
import { simplifiedToTaiwan, traditionalToSimplified } from './zh-convert.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const refTw = OpenCC.Converter({ from: 'cn', to: 'twp' });
const refCn = OpenCC.Converter({ from: 't', to: 'cn' });
const tw = simplifiedToTaiwan();
const cn = traditionalToSimplified();

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name));
}

describe('zh conversion (OpenCC dictionaries, compact form)', () => {
  const texts = [...filesUnder('docs', '.md'), ...filesUnder('test/fixtures/reports', '.txt'), ...filesUnder('src/web', '.tsx')]
    .map((f) => [f.slice(root.length + 1), readFileSync(f, 'utf8')] as const);

  it('converts the repository’s texts exactly as opencc-js does (cn → twp, t → cn)', () => {
    assert.ok(texts.length > 20 && texts.some(([, t]) => /[\u4e00-\u9fff]{100}/.test(t.replace(/[^\u4e00-\u9fff]/g, ''))));
    for (const [name, text] of texts) {
      assert.equal(tw(text), refTw(text), `cn → twp: ${name}`);
      assert.equal(cn(text), refCn(text), `t → cn: ${name}`);
      assert.equal(cn(refTw(text)), refCn(refTw(text)), `t → cn of the Traditional: ${name}`);
    }
  });

  it('converts random text from the dictionaries’ keys exactly as opencc-js does', () => {
    const keys = (d: string) => d.split('|').map((l) => l.split(' ')[0]);
    const pieces = [...keys(ST_PHRASES).filter((_, i) => i % 7 === 0), ...keys(TW_PHRASES), ...keys(TS_PHRASES)];
    const piece = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...pieces) },
      { weight: 2, arbitrary: fc.constantFrom(...pieces).map((p) => Array.from(p).slice(1).join('')) },
      { weight: 1, arbitrary: fc.constantFrom('<p class="x">', '</a>', ' ', '2024年', '𠮷', '𡘙', '⿰木木', '⿱⿰木木木', '⿰', '\u2ff2', '豈', '﹏', '鿿') },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
      const s = parts.join('');
      assert.equal(tw(s), refTw(s));
      assert.equal(cn(s), refCn(s));
      assert.equal(cn(refTw(s)), refCn(refTw(s)));
    }), { numRuns: 2000, seed: 9 });
  });

  it('keeps the platform’s Taiwan wording fixes and converts only zh-TW pages', () => {
    assert.equal(toTraditional('规范性文件和政府信息公开工作年度报告'), '規範性文件和政府資訊公開工作年度報告');
    assert.equal(toTraditional('科技项目的账号'), '科技項目的帳號');
    assert.equal(toSimplified('政府資訊公開'), refCn('政府資訊公開'));
    assert.equal(localise('<p>信息</p>', 'zh-CN'), '<p>信息</p>');
    assert.equal(localise('<p>信息</p>', 'zh-TW'), '<p>資訊</p>');
  });
});
