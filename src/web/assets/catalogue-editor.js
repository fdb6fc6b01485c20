// Progressive enhancement of the catalogue's HTML body field: a small toolbar that wraps the selection in tags and a
// preview toggle. The form works the same without it. No inline script (CSP); loaded from /assets.
(function () {
  'use strict';
  var TOOLS = [
    ['段落', '<p>', '</p>'], ['小标题', '<h3>', '</h3>'], ['加粗', '<strong>', '</strong>'],
    ['列表项', '<li>', '</li>'], ['无序列表', '<ul>\n', '\n</ul>'], ['有序列表', '<ol>\n', '\n</ol>'], ['链接', '<a href="https://">', '</a>'],
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
    bar.setAttribute('aria-label', '正文格式');
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
    toggle.textContent = '预览';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', function () {
      var on = preview.hidden;
      if (on) {
        // Preview through a parsed, inert document: scripts never run here, and the server sanitises on save.
        var doc = new DOMParser().parseFromString(area.value, 'text/html');
        doc.querySelectorAll('script,iframe,object,embed,svg,math,style,link').forEach(function (n) { n.remove(); });
        doc.querySelectorAll('*').forEach(function (n) {
          Array.prototype.slice.call(n.attributes).forEach(function (a) {
            if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value) || a.name === 'style') n.removeAttribute(a.name);
          });
        });
        preview.replaceChildren.apply(preview, Array.prototype.slice.call(doc.body.childNodes));
      }
      preview.hidden = !on;
      area.hidden = on;
      toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
      toggle.textContent = on ? '返回编辑' : '预览';
    });
    bar.appendChild(toggle);
    area.parentNode.insertBefore(bar, area);
    area.parentNode.insertBefore(preview, area.nextSibling);
  });
})();
