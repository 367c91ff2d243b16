/* 政策文件库: the filters of the library's page, in the reader's browser, with no server, also from file://.
   Every document is already in the page's table (readers without JavaScript get it whole, and the
   pre-built lists); this script shows the filter form, hides the rows that do not match every chosen
   filter, says how many remain (a live region), and keeps the choice in the address's query string
   (?agency=…&year=…&q=…), so that a filtered list can be bookmarked and shared. */
(function () {
  "use strict";
  var form = document.getElementById("library-filters");
  var table = document.getElementById("library-table");
  var status = document.getElementById("library-count");
  if (!form || !status) {
    return;
  }
  var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var query = form.querySelector("input[name=q]");

  function fold(text) {
    // Full-width and half-width alike (２０２６ = 2026), case and spaces ignored, 〔〕 and [] alike.
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "").replace(/[〔［【\[(（]/g, "[").replace(/[〕］】\])）]/g, "]");
  }

  function matches(row, select) {
    var value = select.value;
    if (!value) {
      return true;
    }
    var cell = row.getAttribute("data-" + select.name) || "";
    return select.name === "agency" ? cell.split(" ").indexOf(value) >= 0 : cell === value;
  }

  function apply() {
    var words = fold(query.value);
    var shown = 0;
    rows.forEach(function (row) {
      var visible = selects.every(function (select) { return matches(row, select); }) &&
        (!words || fold(row.getAttribute("data-text")).indexOf(words) >= 0);
      row.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    var filtered = query.value.trim() || selects.some(function (select) { return select.value; });
    status.textContent = filtered ? "筛选出 " + shown + " 件（共 " + rows.length + " 件）" : "共 " + rows.length + " 件";
    if (table) {
      table.parentNode.hidden = shown === 0;
    }
  }

  function remember() {
    var params = [];
    selects.forEach(function (select) {
      if (select.value) {
        params.push(select.name + "=" + encodeURIComponent(select.value));
      }
    });
    if (query.value.trim()) {
      params.push("q=" + encodeURIComponent(query.value.trim()));
    }
    var address = location.pathname + (params.length ? "?" + params.join("&") : "");
    try {
      history.replaceState(null, "", address);
    } catch (error) {
      // A browser that refuses (some do for file://) keeps filtering; the address just stays as it was.
    }
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && Array.prototype.some.call(select.options, function (option) { return option.value === wanted; })) {
        select.value = wanted;
      }
    });
    query.value = params.get("q") || "";
  }

  function update() {
    apply();
    remember();
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(update, 0); // after the browser has reset the controls
  });
  restore();
  form.hidden = false;
  apply();
}());
