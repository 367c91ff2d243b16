/* 站内搜索: searched in the reader's browser, with no server, also from file://.
   Chinese has no spaces between words, so each query word is looked for as a substring of
   titles and texts (救助 finds 社会救助 and 临时救助). Readers often type words together, so a
   long word is also looked for in pieces (see queryWords).
   The index is split (generator/search.py): search/index.js says how many pages and shards there
   are; a query loads the shards of its characters and pairs of characters, which say which pages
   have them (in the title, the item names, how often in the text), then the records of the pages
   it shows. Every file is a script that calls GK_SEARCH_LOAD, so that nothing needs fetch(),
   which browsers refuse to pages opened from disk. */
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
  var IN_TITLE = 16, IN_KEYWORDS = 8, COUNT = 7; // a gram's value in a page (generator/search.py)
  var SEPARATORS = /[\s,，、;；:：。!！?？"“”'‘’()（）《》【】]+/;
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var pageTitle = document.title;
  var indexUrl = form.getAttribute("data-index");
  var folder = indexUrl.slice(0, indexUrl.lastIndexOf("/") + 1);
  var manifest = null;
  var loaded = {}; // "shard/3", "doc/12", "agency/hexi" → what that script handed over
  var loading = {}; // the same names → the callbacks waiting for it
  var decoded = {}; // gram → its pages {ids: [...], values: {id: value}}
  var matched = {}; // piece → the pages that have it, the same way
  var searchNumber = 0; // a newer search makes an older one's late results void

  document.getElementById("search-no-js").hidden = true;

  window.GK_SEARCH_LOAD = function (kind, name, data) {
    loaded[kind + "/" + name] = data;
  };

  // Full-width letters and digits as ASCII, the ideographic space as a space, ASCII in lower case.
  // Every replacement keeps the length, so a position in the folded text is one in the original.
  function fold(text) {
    return text
      .replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/\u3000/g, " ")
      .replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
  }

  function fail() {
    status.textContent = "搜索索引未能加载，请刷新页面再试，或按试点领域浏览标准目录。";
  }

  // Load the scripts (names as in `loaded`, below the index's folder), then call `then`.
  function load(names, then) {
    var missing = names.filter(function (name, at) { return !(name in loaded) && names.indexOf(name) === at; });
    var left = missing.length;
    if (!left) {
      then();
      return;
    }
    missing.forEach(function (name) {
      var done = function () {
        left -= 1;
        if (!left) {
          then();
        }
      };
      if (loading[name]) {
        loading[name].push(done);
        return;
      }
      loading[name] = [done];
      var script = document.createElement("script");
      script.src = (name === "index" ? indexUrl : folder + name + ".js");
      script.onload = function () {
        if (name === "index") {
          loaded.index = manifest = window.GK_SEARCH_INDEX;
        }
        loading[name].splice(0).forEach(function (callback) { callback(); });
      };
      script.onerror = function () {
        delete loading[name];
        fail();
      };
      document.head.appendChild(script);
    });
  }

  function withIndex(then) {
    load(["index"], then);
  }

  // The same hash as generator/search.py: FNV-1a of the code points.
  function shardOf(gram) {
    var hash = 2166136261;
    Array.from(gram).forEach(function (character) {
      hash = Math.imul(hash ^ character.codePointAt(0), 16777619) >>> 0;
    });
    return "shard/" + (hash % manifest.shards);
  }

  // Page numbers written as gaps in base 32 (see generator/search.py), with a value each or none.
  function numbers(text, withValues) {
    var result = {ids: [], values: {}};
    var id = -1;
    var number = 0;
    for (var i = 0; i < text.length; i += 1) {
      var digit = DIGITS.indexOf(text.charAt(i));
      number = number * 32 + (digit & 31);
      if (digit < 32) {
        id += (withValues ? Math.floor(number / 32) : number) + 1;
        result.ids.push(id);
        result.values[id] = withValues ? number % 32 : 1;
        number = 0;
      }
    }
    return result;
  }

  function gramPages(gram) {
    if (!decoded[gram]) {
      decoded[gram] = numbers(loaded[shardOf(gram)][gram] || "", true);
    }
    return decoded[gram];
  }

  // What a piece needs: itself if it is one character, else its pairs of characters.
  function gramsOf(piece) {
    var chars = Array.from(piece);
    if (chars.length === 1) {
      return chars;
    }
    var result = [];
    for (var i = 0; i + 1 < chars.length; i += 1) {
      result.push(chars[i] + chars[i + 1]);
    }
    return result;
  }

  // The pages that have every pair of the piece, in one field: for one or two characters exactly the
  // pages that have the piece; for a longer one also, rarely, a page that has its pairs apart, which
  // the page's own text rules out once it is loaded (see rank).
  function piecePages(piece) {
    if (matched[piece]) {
      return matched[piece];
    }
    var lists = gramsOf(piece).map(gramPages).sort(function (a, b) { return a.ids.length - b.ids.length; });
    var result = {ids: [], values: {}};
    lists[0].ids.forEach(function (id) {
      var value = IN_TITLE | IN_KEYWORDS | COUNT;
      for (var i = 0; i < lists.length && value; i += 1) {
        var other = lists[i].values[id];
        value = other === undefined ? 0 : (value & other & (IN_TITLE | IN_KEYWORDS)) | Math.min(value & COUNT, other & COUNT);
      }
      if (value) {
        result.ids.push(id);
        result.values[id] = value;
      }
    });
    matched[piece] = result;
    return result;
  }

  function has(piece) {
    return piecePages(piece).ids.length > 0;
  }

  function segment(word) {
    var chars = Array.from(word);
    var pieces = [];
    var start = 0;
    while (start < chars.length) {
      var end = Math.min(chars.length, start + MAX_PIECE);
      while (end > start + 1 && !has(chars.slice(start, end).join(""))) {
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
  function splitQuery(query) {
    var words = [];
    fold(query).split(SEPARATORS).forEach(function (word) {
      if (word && words.indexOf(word) < 0) {
        words.push(word);
      }
    });
    return words;
  }

  // `absent`: words the shards say some page has, which no page's own text turned out to have.
  function queryWords(query, absent) {
    var words = [];
    splitQuery(query).forEach(function (word) {
      if (absent.indexOf(word) < 0 && has(word)) {
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

  // Every word must be found, whole or in all its pieces (which count half). `pieceScore`: a piece's
  // score in the page; `inTitle`: whether its title has the phrase (the words typed together).
  function score(pieceScore, words, phrase, inTitle) {
    var total = 0;
    for (var i = 0; i < words.length; i += 1) {
      var value = words[i].whole ? pieceScore(words[i].whole) : 0;
      if (!value && words[i].parts.length) {
        var parts = words[i].parts.map(pieceScore);
        value = parts.indexOf(0) >= 0 ? 0 : parts.reduce(function (sum, part) { return sum + part; }, 0) / (words[i].whole ? 2 : 1);
      }
      if (!value) {
        return 0;
      }
      total += value;
    }
    return total + (phrase.length > 1 ? inTitle(phrase) : 0);
  }

  function pageScore(doc, words, phrase) {
    return score(function (piece) { return pieceScore(doc, piece); }, words, phrase, function () {
      return doc.foldedTitle === phrase ? 40 : doc.foldedTitle.indexOf(phrase) >= 0 ? 20 : 0;
    });
  }

  // The most a page can score by the shards: its exact score, or more for a page that has a long
  // piece's pairs apart; and 40 for a title with the phrase, which the shards cannot tell from 20.
  function boundScore(id, words, phrase) {
    return score(function (piece) {
      var value = piecePages(piece).values[id] || 0;
      return (value & IN_TITLE ? 10 : 0) + (value & IN_KEYWORDS ? 5 : 0) + (value & COUNT);
    }, words, phrase, function () { return (piecePages(phrase).values[id] || 0) & IN_TITLE ? 40 : 0; });
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

  function record(id) {
    var values = loaded["doc/" + id];
    var doc = {};
    manifest.fields.forEach(function (name, position) { doc[name] = values[position]; });
    doc.foldedTitle = fold(doc.title);
    doc.foldedKeywords = fold(doc.keywords);
    doc.foldedText = fold(doc.text);
    return doc;
  }

  function allGrams(pieces) {
    var grams = [];
    pieces.forEach(function (piece) { grams = grams.concat(gramsOf(piece)); });
    return grams;
  }

  function search(query, number, absent) {
    var typed = splitQuery(query);
    list.textContent = "";
    list.hidden = true;
    if (!typed.length) {
      status.textContent = "请输入要搜索的词语。";
      document.title = pageTitle;
      return;
    }
    var phrase = fold(query).replace(/\s+/g, "");
    var chosen = filters.filter(function (select) { return select.value; });
    // First the shards that say which words the pages have (and how to split those they lack) …
    load(allGrams(typed.concat([phrase])).map(shardOf), function () {
      var words = queryWords(query, absent);
      var pieces = highlighted(words);
      // … then those of the pieces (single characters of a split word), and the filters' page lists.
      var names = allGrams(pieces).map(shardOf).concat(chosen.map(function (select) { return select.name + "/" + select.value; }));
      load(names, function () {
        if (number === searchNumber) {
          rank(query, words, pieces, phrase, chosen, number, absent);
        }
      });
    });
  }

  // Every page that may match, by the shards, best first (ties: newest first, then by address: pages
  // are numbered the other way round); then the records of the best, until MAX_RESULTS are confirmed by
  // their own text.
  function rank(query, words, pieces, phrase, chosen, number, absent) {
    var candidates = {};
    words.forEach(function (word) {
      (word.whole ? [word.whole] : []).concat(word.parts).forEach(function (piece) {
        piecePages(piece).ids.forEach(function (id) { candidates[id] = true; });
      });
    });
    var allowed = chosen.map(function (select) { return numbers(loaded[select.name + "/" + select.value], false).values; });
    var bounds = [];
    Object.keys(candidates).forEach(function (key) {
      var id = Number(key);
      if (allowed.some(function (pages) { return !pages[id]; })) {
        return;
      }
      var bound = boundScore(id, words, phrase);
      if (bound > 0) {
        bounds.push({id: id, bound: bound});
      }
    });
    bounds.sort(function (a, b) { return b.bound - a.bound || b.id - a.id; });
    var results = [];
    var ruledOut = 0;
    var next = 0;
    var confirm = function () {
      var batch = bounds.slice(next, next + MAX_RESULTS - results.length).map(function (page) { return page.id; });
      next += batch.length;
      load(batch.map(function (id) { return "doc/" + id; }), function () {
        if (number !== searchNumber) {
          return;
        }
        batch.forEach(function (id) {
          var doc = record(id);
          var value = pageScore(doc, words, phrase);
          if (value > 0) {
            results.push({doc: doc, score: value});
          } else {
            ruledOut += 1;
          }
        });
        var unconfirmed = words.filter(function (word) { return word.whole && Array.from(word.whole).length > 2; });
        if (results.length < MAX_RESULTS && next < bounds.length) {
          confirm();
        } else if (!results.length && !chosen.length && unconfirmed.length) {
          // A long word whose pairs some pages have only apart: looked for in pieces, as for a word no page has.
          search(query, number, absent.concat(unconfirmed.map(function (word) { return word.text; })));
        } else {
          show(query, results, bounds.length - ruledOut, pieces);
        }
      });
    };
    confirm();
  }

  function show(query, results, total, pieces) {
    results.sort(function (a, b) {
      return b.score - a.score || (a.doc.date < b.doc.date ? 1 : a.doc.date > b.doc.date ? -1 : 0) || (a.doc.url < b.doc.url ? -1 : 1);
    });
    results.forEach(function (result) {
      list.appendChild(resultItem(result.doc, pieces));
    });
    list.hidden = total === 0;
    var shown = query.trim();
    if (total) {
      status.textContent = "找到 " + total + " 条与“" + shown + "”相关的结果" +
        (total > MAX_RESULTS ? "，下面列出最相关的 " + MAX_RESULTS + " 条" : "") + "。";
    } else {
      status.textContent = "没有找到与“" + shown + "”相关的内容。请换一个词语或减少词语，也可以按试点领域浏览标准目录。";
    }
    document.title = "“" + shown + "”的搜索结果 - " + pageTitle;
  }

  function run(query) {
    status.textContent = "正在搜索……";
    searchNumber += 1;
    var number = searchNumber;
    withIndex(function () { search(query, number, []); });
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
