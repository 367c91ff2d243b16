/* How the admin reads and writes the site's files (formats gk-frontmatter and gk-yaml of config.yml), so that
   saving an edited file rewrites only the fields that changed: every other line (its comments, flow lists
   such as [政府网站, 政务服务中心], a mark written as a text) stays byte for byte as the editor wrote it, and a
   review in Git shows the change alone. A new file is written whole, in the order of the form's fields.
   Needs js-yaml (window.jsyaml) and Decap CMS (window.CMS). */
(function () {
  'use strict';
  var yaml = window.jsyaml;
  var SOURCE = '__gk_source';  // the file as read, carried in the entry's data until it is saved
  var OPTIONS = {schema: yaml.CORE_SCHEMA};  // no YAML timestamps: a date stays the text 2026-03-15

  // An object field's fields in the form's order (fields.js), whatever order the editor filled them in.
  function inOrder(name, value) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    var order = (window.GK_ORDER || {})[name] || [], ordered = {};
    order.concat(Object.keys(value)).forEach(function (key) {
      if (key in value && !(key in ordered)) ordered[key] = inOrder(key, value[key]);
    });
    return ordered;
  }

  function dump(data, keys) {
    var ordered = {};
    keys.forEach(function (key) { ordered[key] = inOrder(key, data[key]); });
    return yaml.dump(ordered, {schema: yaml.CORE_SCHEMA, lineWidth: -1});
  }

  // Names folded as the validator folds them (schema.normalize): full-width/half-width and case.
  function fold(text) { return String(text).normalize('NFKC').trim().toLowerCase(); }
  window.GK_FOLD = fold;  // admin.js compares 事项 names as check does

  var BRACKETS = {'（': '）', '(': ')', '【': '】', '[': ']', '《': '》', '〔': '〕', '“': '”', '‘': '’'};
  var SEPARATORS = /[、，,；;\n]/;
  /* A list written as one text, split as schema.split_list splits it: at 、，, ；; and line breaks outside
     brackets, neighbouring pieces joined back where they make a known name (乡、村级). */
  function splitList(text, known) {
    var pieces = [], closing = [], current = '';
    Array.from(text).forEach(function (char) {
      if (closing.length && char === closing[closing.length - 1]) closing.pop();
      else if (BRACKETS[char]) closing.push(BRACKETS[char]);
      else if (!closing.length && SEPARATORS.test(char)) { pieces.push([current, char]); current = ''; return; }
      current += char;
    });
    pieces.push([current, '']);
    var names = known.map(fold), items = [];
    for (var start = 0; start < pieces.length;) {
      var joined = pieces[start][0], longest = start;
      for (var end = start + 1; end < pieces.length; end++) {
        joined += pieces[end - 1][1] + pieces[end][0];
        if (names.indexOf(fold(joined)) >= 0) longest = end;
      }
      items.push(pieces.slice(start, longest + 1).map(function (p, i, all) { return p[0] + (i < all.length - 1 ? p[1] : ''); }).join(''));
      start = longest + 1;
    }
    return items.map(function (item) { return item.trim(); }).filter(Boolean);
  }

  // The form's view of a file's fields: each under the form's name for it, a list field's text as its items.
  function shaped(data) {
    var result = {};
    Object.keys(data).forEach(function (key) {
      var field = window.GK_FIELDS[fold(key)], value = data[key];
      if (field && typeof value === 'string' && field.list) value = field.list === 'split' ? splitList(value, field.known) : [value];
      result[field ? field.name : key] = value;
    });
    return result;
  }

  function formName(key) {
    var field = window.GK_FIELDS[fold(key)];
    return field ? field.name : key;
  }

  /* The top-level keys of a YAML mapping, each with the lines of its value; comments and blank lines
     before a key are its `leading` lines, kept whatever happens to the key. */
  function spans(text) {
    var lines = text.split('\n'), result = [], pending = [], current = null;
    if (lines[lines.length - 1] === '') lines.pop();
    lines.forEach(function (line) {
      var key = /^(?!-[\s]|-$)([^\s#'"][^:]*|"[^"]*"|'[^']*')\s*:(\s|$)/.exec(line);
      if (key) {
        current = {key: yaml.load(key[1], OPTIONS), leading: pending, lines: [line]};
        result.push(current);
        pending = [];
      } else if (/^\s*(#.*)?$/.test(line)) {
        pending.push(line);
      } else if (current) {  // an indented line or a list item of the current key
        current.lines = current.lines.concat(pending, [line]);
        pending = [];
      } else {
        pending.push(line);
      }
    });
    return {spans: result, trailing: pending};
  }

  function patch(source, data, sortedKeys) {
    var keys = Object.keys(data).filter(function (key) { return data[key] !== undefined; });
    var order = sortedKeys.filter(function (key) { return keys.indexOf(key) >= 0; })
      .concat(keys.filter(function (key) { return sortedKeys.indexOf(key) < 0; }));
    if (source === null) return dump(data, order);
    var before = shaped(yaml.load(source, OPTIONS) || {});
    var parsed = spans(source), out = [], written = {};
    parsed.spans.forEach(function (span) {
      var name = formName(span.key);
      out = out.concat(span.leading);
      written[name] = true;
      if (!(name in data) || data[name] === undefined) return;  // emptied in the form: removed
      var unchanged = JSON.stringify(before[name]) === JSON.stringify(data[name]);
      out = out.concat(unchanged ? span.lines : dump(data, [name]).replace(/\n$/, '').split('\n'));
    });
    var added = order.filter(function (key) { return !written[key]; });
    if (added.length) out = out.concat(dump(data, added).replace(/\n$/, '').split('\n'));
    return out.concat(parsed.trailing).join('\n') + '\n';
  }

  function split(data) {
    var rest = {};
    Object.keys(data).forEach(function (key) { if (key !== SOURCE && key !== 'body') rest[key] = data[key]; });
    return rest;
  }

  var FRONT_MATTER = /^---\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

  window.CMS.registerCustomFormat('gk-frontmatter', 'md', {
    fromFile: function (content) {
      var match = FRONT_MATTER.exec(content);
      var meta = match ? match[1] || '' : '';
      var data = shaped(yaml.load(meta, OPTIONS) || {});
      data.body = match ? content.slice(match[0].length) : content;
      data[SOURCE] = meta;
      return data;
    },
    toFile: function (data, sortedKeys) {
      var source = typeof data[SOURCE] === 'string' ? data[SOURCE] : null;
      var body = data.body || '';
      return '---\n' + patch(source, split(data), sortedKeys || []) + '---\n' + (source === null && body ? '\n' : '') + body;
    },
  });

  window.CMS.registerCustomFormat('gk-yaml', 'yaml', {
    fromFile: function (content) {
      var data = shaped(yaml.load(content, OPTIONS) || {});
      data[SOURCE] = content;
      return data;
    },
    toFile: function (data, sortedKeys) {
      return patch(typeof data[SOURCE] === 'string' ? data[SOURCE] : null, split(data), sortedKeys || []);
    },
  });
})();
