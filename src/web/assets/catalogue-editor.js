// Progressive enhancement of the catalogue's HTML body field: a small toolbar that wraps the selection in tags and a
// preview toggle. The form works the same without it. No inline script (CSP); loaded from /assets.
(function () {
  'use strict';
  // Labels in the page's language (<html lang>): the server converts rendered pages to zh-TW, never script text.
  var LABELS = {
    'zh-Hans-CN': ['段落', '小标题', '加粗', '列表项', '无序列表', '有序列表', '链接', '正文格式', '预览', '返回编辑'],
    'zh-Hant-TW': ['段落', '小標題', '加粗', '列表項', '無序列表', '有序列表', '連結', '正文格式', '預覽', '返回編輯'],
    en: ['Paragraph', 'Heading', 'Bold', 'List item', 'Bulleted list', 'Numbered list', 'Link', 'Body formatting', 'Preview', 'Back to editing'],
  };
  var L = LABELS[document.documentElement.lang] || LABELS['zh-Hans-CN'];
  var TOOLS = [
    [L[0], '<p>', '</p>'], [L[1], '<h3>', '</h3>'], [L[2], '<strong>', '</strong>'],
    [L[3], '<li>', '</li>'], [L[4], '<ul>\n', '\n</ul>'], [L[5], '<ol>\n', '\n</ol>'], [L[6], '<a href="https://">', '</a>'],
  ];
  function wrap(area, open, close) {
    var s = area.selectionStart, e = area.selectionEnd, v = area.value;
    area.value = v.slice(0, s) + open + v.slice(s, e) + close + v.slice(e);
    area.focus();
    area.selectionStart = s + open.length;
    area.selectionEnd = e + open.length;
  }
  document.querySelectorAll('textarea[data-editor="html"]').forEach(function (area) {
    var bar = document.createElement('div');
    bar.className = 'editor-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', L[7]);
    TOOLS.forEach(function (tool) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = tool[0];
      b.addEventListener('click', function () { wrap(area, tool[1], tool[2]); });
      bar.appendChild(b);
    });
    var preview = document.createElement('div');
    preview.className = 'body-text editor-preview';
    preview.hidden = true;
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'secondary';
    toggle.textContent = L[8];
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', function () {
      var on = preview.hidden;
      if (on) {
        // Preview through a parsed, inert document, kept to the same allowlist the server applies on save
        // (src/platform/html/sanitize.ts): other elements are unwrapped or dropped, other attributes removed, and
        // links only keep http(s)/mailto URLs as the browser itself resolves them (so `java&#9;script:` fails too).
        var doc = new DOMParser().parseFromString(area.value, 'text/html');
        clean(doc.body);
        preview.replaceChildren.apply(preview, Array.prototype.slice.call(doc.body.childNodes));
      }
      preview.hidden = !on;
      area.hidden = on;
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      toggle.textContent = on ? L[9] : L[8];
    });
    bar.appendChild(toggle);
    area.parentNode.insertBefore(bar, area);
    area.parentNode.insertBefore(preview, area.nextSibling);
  });

  var TAGS = ('p br h2 h3 h4 h5 h6 strong b em i u s sub sup blockquote pre code ul ol li a img table caption thead tbody '
    + 'tfoot tr th td hr span div figure figcaption').split(' ');
  var DROP = 'script style template iframe object embed svg math noscript textarea select'.split(' ');
  var ATTRS = { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'], ol: ['start'] };
  function safeUrl(value, schemes) {
    try { return schemes.indexOf(new URL(value, location.href).protocol) >= 0; } catch (e) { return false; }
  }
  function clean(parent) {
    Array.prototype.slice.call(parent.childNodes).forEach(function (n) {
      if (n.nodeType === 3) return;
      if (n.nodeType !== 1) { n.remove(); return; }
      var tag = n.tagName.toLowerCase();
      if (DROP.indexOf(tag) >= 0) { n.remove(); return; }
      clean(n);
      if (tag === 'h1') { var h = document.createElement('h2'); h.append.apply(h, Array.prototype.slice.call(n.childNodes)); n.replaceWith(h); return; }
      if (TAGS.indexOf(tag) < 0) { n.replaceWith.apply(n, Array.prototype.slice.call(n.childNodes)); return; }
      var keep = ATTRS[tag] || [];
      Array.prototype.slice.call(n.attributes).forEach(function (a) {
        var ok = keep.indexOf(a.name) >= 0;
        if (ok && a.name === 'href') ok = safeUrl(a.value, ['http:', 'https:', 'mailto:']);
        if (ok && a.name === 'src') ok = safeUrl(a.value, ['http:', 'https:']);
        if (!ok) n.removeAttribute(a.name);
      });
    });
  }
})();
