// Preview only (make serve): reload the page when the site has been rebuilt, and
// when a build fails, show what to fix over the page (the last good build stays
// underneath) until a build succeeds. Built with the DOM, styled by preview.css:
// nothing inline, so it works under the site's Content-Security-Policy.
(function () {
  "use strict";
  var WORDS = {
    en: { title: "The preview could not be updated",
          lead: "You are looking at the last version that built. Fix what is listed " +
                "here and save: this message goes away by itself.",
          hide: "Hide" },
    ja: { title: "プレビューを更新できませんでした",
          lead: "表示しているのは、最後に正しく作成できた版です。次の箇所を直して保存すると、" +
                "この表示は自動で消えます。",
          hide: "閉じる" }
  };
  var words = WORDS[document.documentElement.lang] || WORDS.en;
  var LOCATED = /^(.+?:\d+): (error|warning): ([\s\S]*)$/;
  var seen = null;
  var shown = "";
  var hidden = "";  // the problems the editor closed: not shown again until they change
  var overlay = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function problemItem(problem) {
    var item = element("li", "build-errors-item");
    var found = LOCATED.exec(problem);
    if (!found) { item.textContent = problem; return item; }
    item.appendChild(element("code", "build-errors-where", found[1]));
    item.appendChild(document.createTextNode(" " + found[3]));
    return item;
  }

  function show(problems) {
    var key = problems.join("\n");
    if (key === shown || key === hidden) return;
    hide();
    shown = key;
    overlay = element("div", "build-errors");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("data-casebook-overlay", "");
    var box = element("div", "build-errors-box");
    box.appendChild(element("h2", "build-errors-title", words.title));
    box.appendChild(element("p", "build-errors-lead", words.lead));
    var list = element("ul", "build-errors-list");
    problems.forEach(function (problem) { list.appendChild(problemItem(problem)); });
    box.appendChild(list);
    var close = element("button", "build-errors-hide", words.hide);
    close.type = "button";
    close.addEventListener("click", function () { hidden = key; hide(); });
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
    shown = "";
  }

  function poll() {
    fetch("/__casebook__/build", { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (state) {
      if (state === null) return;
      if (state.problems.length) {
        show(state.problems);
      } else {
        hide();
        hidden = "";
        if (seen !== null && state.build !== seen) { window.location.reload(); return; }
      }
      seen = state.build;
    }).catch(function () {}).then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
