/* 站内搜索: searched in the reader's browser, with no server, also from file://.
   Chinese has no spaces between words, so each query word is looked for as a substring of
   titles and texts (救助 finds 社会救助 and 临时救助). Readers often type words together, so a
   long word is also looked for in pieces (see queryWords).
   The index (search/index.js, built by generator/search.py) loads when the search box is first used. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-form]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  // A cluster's search page offers filters by agency and by domain (select elements named after the
  // index's fields); an empty choice filters nothing.
  var filters = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var agencyNames = {}; // slug → name, from the agency filter's options: each result says whose it is
  filters.filter(function (select) { return select.name === "agency"; }).forEach(function (select) {
    Array.prototype.forEach.call(select.options, function (option) { agencyNames[option.value] = option.textContent; });
  });
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var MAX_RESULTS = 50;
  var CONTEXT_BEFORE = 30; // characters shown before the first match
  var SNIPPET_LENGTH = 120;
  var MAX_PIECE = 12; // longest piece tried when splitting a word typed without spaces
  var pageTitle = document.title;
  var docs = null;
  var corpus = "";
  var waiting = [];

  document.getElementById("search-no-js").hidden = true;

  // Full-width letters and digits as ASCII, the ideographic space as a space, ASCII in lower case.
  // Every replacement keeps the length, so a position in the folded text is one in the original.
  function fold(text) {
    return text
      .replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/\u3000/g, " ")
      .replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }

  function prepare(index) {
    docs = index.docs.map(function (values) {
      var doc = {};
      index.fields.forEach(function (name, position) { doc[name] = values[position]; });
      doc.foldedTitle = fold(doc.title);
      doc.foldedKeywords = fold(doc.keywords);
      doc.foldedText = fold(doc.text);
      return doc;
    });
    corpus = docs.map(function (doc) { return doc.foldedTitle + "\n" + doc.foldedKeywords + "\n" + doc.foldedText; }).join("\n");
  }

  function withIndex(then) {
    if (docs) {
      then();
      return;
    }
    waiting.push(then);
    if (waiting.length > 1) {
      return;
    }
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = function () {
      prepare(window.GK_SEARCH_INDEX);
      waiting.splice(0).forEach(function (callback) { callback(); });
    };
    script.onerror = function () {
      waiting = [];
      status.textContent = "搜索索引未能加载，请刷新页面再试，或按试点领域浏览标准目录。";
    };
    document.head.appendChild(script);
  }

  function segment(word) {
    var chars = Array.from(word);
    var pieces = [];
    var start = 0;
    while (start < chars.length) {
      var end = Math.min(chars.length, start + MAX_PIECE);
      while (end > start + 1 && corpus.indexOf(chars.slice(start, end).join("")) < 0) {
        end -= 1;
      }
      pieces.push(chars.slice(start, end).join(""));
      start = end;
    }
    return pieces;
  }

  // Two characters at a time (the commonest length of a Chinese word); an odd last one joins the piece before.
  function pairs(word) {
    var chars = Array.from(word);
    var pieces = [];
    for (var start = 0; start + 1 < chars.length; start += 2) {
      pieces.push(chars.slice(start, chars.length - start === 3 ? start + 3 : start + 2).join(""));
    }
    return pieces;
  }

  // Each word of the query: the word itself when some page has it, and the pieces a page may have
  // instead (救助标准 also finds 特困人员救助供养标准, below the pages that have the whole word).
  function queryWords(query) {
    var words = [];
    fold(query).split(/[\s,，、;；:：。!！?？"“”'‘’()（）《》【】]+/).forEach(function (word) {
      if (!word || words.some(function (known) { return known.text === word; })) {
        return;
      }
      if (corpus.indexOf(word) >= 0) {
        words.push({text: word, whole: word, parts: Array.from(word).length >= 4 ? pairs(word) : []});
      } else {
        words.push({text: word, whole: null, parts: segment(word)});
      }
    });
    return words;
  }

  function occurrences(haystack, needle, limit) {
    var count = 0;
    var at = haystack.indexOf(needle);
    while (at >= 0 && count < limit) {
      count += 1;
      at = haystack.indexOf(needle, at + needle.length);
    }
    return count;
  }

  // A title counts most, then catalog item names, then how often the text has it.
  function pieceScore(doc, piece) {
    return (doc.foldedTitle.indexOf(piece) >= 0 ? 10 : 0) + (doc.foldedKeywords.indexOf(piece) >= 0 ? 5 : 0) +
      occurrences(doc.foldedText, piece, 5);
  }

  // Every word must be found, whole or in all its pieces (which count half).
  function score(doc, words, phrase) {
    var total = 0;
    for (var i = 0; i < words.length; i += 1) {
      var value = words[i].whole ? pieceScore(doc, words[i].whole) : 0;
      if (!value && words[i].parts.length) {
        var parts = words[i].parts.map(function (part) { return pieceScore(doc, part); });
        value = parts.indexOf(0) >= 0 ? 0 : parts.reduce(function (sum, part) { return sum + part; }, 0) / (words[i].whole ? 2 : 1);
      }
      if (!value) {
        return 0;
      }
      total += value;
    }
    if (phrase.length > 1 && doc.foldedTitle.indexOf(phrase) >= 0) {
      total += doc.foldedTitle === phrase ? 40 : 20;
    }
    return total;
  }

  function highlighted(words) {
    var pieces = [];
    words.forEach(function (word) {
      (word.whole ? [word.whole] : []).concat(word.parts).forEach(function (piece) {
        if (pieces.indexOf(piece) < 0) {
          pieces.push(piece);
        }
      });
    });
    return pieces;
  }

  // Text from `from` to `to`, with every piece in a <mark>.
  function appendMarked(element, text, folded, pieces, from, to) {
    var at = from;
    while (at < to) {
      var best = -1;
      var length = 0;
      pieces.forEach(function (piece) {
        var found = folded.indexOf(piece, at);
        if (found >= 0 && found + piece.length <= to && (best < 0 || found < best || (found === best && piece.length > length))) {
          best = found;
          length = piece.length;
        }
      });
      if (best < 0) {
        best = to;
      }
      if (best > at) {
        element.appendChild(document.createTextNode(text.slice(at, best)));
      }
      if (best < to) {
        var mark = document.createElement("mark");
        mark.textContent = text.slice(best, best + length);
        element.appendChild(mark);
      }
      at = best + length;
    }
  }

  function snippet(doc, pieces) {
    var first = -1;
    pieces.forEach(function (piece) {
      var found = doc.foldedText.indexOf(piece);
      if (found >= 0 && (first < 0 || found < first)) {
        first = found;
      }
    });
    var start = first < 0 ? 0 : Math.max(0, first - CONTEXT_BEFORE);
    var lineStart = doc.text.lastIndexOf("\n", first) + 1;
    if (first >= 0 && lineStart > start) {
      start = lineStart; // begin at the start of the line with the match, when it is close
    }
    var end = Math.min(doc.text.length, start + SNIPPET_LENGTH);
    var paragraph = document.createElement("p");
    paragraph.className = "search-result-text";
    if (start > 0) {
      paragraph.appendChild(document.createTextNode("…"));
    }
    appendMarked(paragraph, doc.text, doc.foldedText, pieces, start, end);
    if (end < doc.text.length) {
      paragraph.appendChild(document.createTextNode("…"));
    }
    return paragraph;
  }

  function chineseDate(iso) {
    var parts = iso.split("-");
    return Number(parts[0]) + "年" + Number(parts[1]) + "月" + Number(parts[2]) + "日";
  }

  function resultItem(doc, pieces) {
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = doc.url;
    appendMarked(link, doc.title, doc.foldedTitle, pieces, 0, doc.title.length);
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = document.createElement("p");
    facts.className = "search-result-facts";
    var lead = doc.agency ? doc.agency.split(" ")[0] : "";
    facts.appendChild(document.createTextNode((agencyNames[lead] ? agencyNames[lead] + "　" : "") + doc.section));
    if (doc.date) {
      facts.appendChild(document.createTextNode("　"));
      var time = document.createElement("time");
      time.setAttribute("datetime", doc.date);
      time.textContent = chineseDate(doc.date);
      facts.appendChild(time);
    }
    item.appendChild(facts);
    item.appendChild(snippet(doc, pieces));
    return item;
  }

  function search(query) {
    var words = queryWords(query);
    var pieces = highlighted(words);
    list.textContent = "";
    list.hidden = true;
    if (!words.length) {
      status.textContent = "请输入要搜索的词语。";
      document.title = pageTitle;
      return;
    }
    var phrase = fold(query).replace(/\s+/g, "");
    var results = [];
    var chosen = filters.filter(function (select) { return select.value; });
    docs.forEach(function (doc) {
      // A record's agency may name several (a joint document's issuers), separated by spaces.
      if (chosen.some(function (select) { return (" " + doc[select.name] + " ").indexOf(" " + select.value + " ") < 0; })) {
        return;
      }
      var value = score(doc, words, phrase);
      if (value > 0) {
        results.push({doc: doc, score: value});
      }
    });
    results.sort(function (a, b) {
      return b.score - a.score || (a.doc.date < b.doc.date ? 1 : a.doc.date > b.doc.date ? -1 : 0) || (a.doc.url < b.doc.url ? -1 : 1);
    });
    results.slice(0, MAX_RESULTS).forEach(function (result) {
      list.appendChild(resultItem(result.doc, pieces));
    });
    list.hidden = results.length === 0;
    var shown = query.trim();
    if (results.length) {
      status.textContent = "找到 " + results.length + " 条与“" + shown + "”相关的结果" +
        (results.length > MAX_RESULTS ? "，下面列出最相关的 " + MAX_RESULTS + " 条" : "") + "。";
    } else {
      status.textContent = "没有找到与“" + shown + "”相关的内容。请换一个词语或减少词语，也可以按试点领域浏览标准目录。";
    }
    document.title = "“" + shown + "”的搜索结果 - " + pageTitle;
  }

  function run(query) {
    status.textContent = "正在搜索……";
    withIndex(function () { search(query); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
    try {
      history.replaceState(null, "", "?" + new URLSearchParams(new FormData(form)).toString());
    } catch (error) {
      // Some browsers refuse to change the address of a file:// page; the results are shown anyway.
    }
  });
  input.addEventListener("focus", function () { withIndex(function () {}); });

  var params = new URLSearchParams(window.location.search);
  filters.forEach(function (select) {
    var value = params.get(select.name);
    if (value && select.querySelector("option[value='" + value.replace(/[^a-z0-9-]/g, "") + "']")) {
      select.value = value;
    }
  });
  var initial = params.get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
