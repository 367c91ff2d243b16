/* 长辈模式 (large text, strong contrast): remembered across pages in localStorage.
   Progressive enhancement: the switch stays hidden unless this script runs and storage works. */
(function () {
  var KEY = "reading-mode";
  var root = document.documentElement;
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem(KEY + "-test", "1");
    storage.removeItem(KEY + "-test");
  } catch (error) {
    return;
  }
  if (storage.getItem(KEY) === "elder") {
    root.setAttribute("data-reading-mode", "elder");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-reading-mode-switch]");
    if (!button) {
      return;
    }
    var sync = function () {
      button.setAttribute("aria-pressed", root.getAttribute("data-reading-mode") === "elder" ? "true" : "false");
    };
    button.addEventListener("click", function () {
      if (root.getAttribute("data-reading-mode") === "elder") {
        root.removeAttribute("data-reading-mode");
        storage.removeItem(KEY);
      } else {
        root.setAttribute("data-reading-mode", "elder");
        storage.setItem(KEY, "elder");
      }
      sync();
    });
    sync();
    button.hidden = false;
  });
})();
