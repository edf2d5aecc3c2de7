/* Casebook's part of the browser editor (Decap CMS), loaded after Decap's bundle and
   before it starts. A file of its own, so /admin/ needs no inline script.

   - Backends that list a folder's main-language files without its translations
     (index.ja.md is the Japanese collection's; Decap's `filter` matches one field).
   - Objects whose parts go together, and the customer's sign-off, required when the
     status is Published: the errors on the field.
   - Previews with the site's own stylesheet and the story page's markup. */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var script = document.currentScript;
  var site = JSON.parse(script.getAttribute("data-casebook"));
  var WORDS = {
    en: {story: "Story", interview: "Interview", results: "Results"},
    ja: {story: "導入事例", interview: "インタビュー", results: "成果"}
  };
  var words = WORDS[site.lang] || WORDS.en;

  /* 1. Backends: a main-language collection lists `.md` files, which Decap takes to
     include `index.ja.md`; those belong to the `ja.md` collections. */
  var TRANSLATION = /\.[a-z]{2}(-[a-z]{2,4})?\.md$/;

  function withoutTranslations(extension, listing) {
    if (extension !== "md" || !listing || !listing.filter) return listing;
    var kept = listing.filter(function (entry) {
      var path = (entry.file && entry.file.path) || entry.path || "";
      return !TRANSLATION.test(path);
    });
    Object.getOwnPropertySymbols(listing).forEach(function (symbol) {
      kept[symbol] = listing[symbol];  // a backend's paging cursor travels with the list
    });
    return kept;
  }

  ["proxy", "github", "gitlab", "gitea"].forEach(function (name) {
    var base = CMS.getBackend(name);
    if (!base) return;
    CMS.registerBackend("casebook-" + name, function CasebookBackend(config, options) {
      var backend = base.init(config, options);
      ["entriesByFolder", "allEntriesByFolder"].forEach(function (method) {
        var original = backend[method];
        if (typeof original !== "function") return;
        backend[method] = function (folder, extension) {
          return original.apply(backend, arguments).then(function (listing) {
            return withoutTranslations(extension, listing);
          });
        };
      });
      return backend;
    });
  });

  /* 2. Objects whose parts go together (a quote's text and who said it; the sign-off's
     who and when), with the error on the field; the sign-off is also required to
     publish. Decap would insist on an optional object's required parts even when it
     is left empty, so config.yml marks the parts optional and says here what goes
     together (`needs`, with `needs_message`) and what publishing needs
     (`publish_message`). */
  var ObjectWidget = CMS.getWidget("object");
  var GroupControl = createClass({
    isValid: function () {
      var field = this.props.field;
      var value = this.props.value;
      var part = function (name) { return value && value.get ? value.get(name) : null; };
      var needs = (field.get("needs") || {toArray: function () { return []; }}).toArray();
      var names = field.get("fields").map(function (f) { return f.get("name"); }).toArray();
      var given = names.filter(function (name) { return part(name); });
      // getEntry() is the entry as it is now; the `entry` prop is as it was when this
      // field last changed.
      var entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      var status = entry ? entry.getIn(["data", "status"]) : null;
      var message = null;
      if (given.length && needs.some(function (name) { return !part(name); })) {
        message = field.get("needs_message");
      } else if (!given.length && status === "published" && field.get("publish_message")) {
        message = field.get("publish_message");
      }
      if (!message) return true;
      return {error: {type: "CUSTOM", parentIds: this.props.parentIds, message: message}};
    },
    render: function () {
      return h(ObjectWidget.control, this.props);
    }
  });
  CMS.registerWidget("casebook-group", GroupControl, ObjectWidget.preview);

  /* 3. Previews: the story page's markup, styled by the site's stylesheet. */
  CMS.registerPreviewStyle(site.css);
  CMS.registerPreviewStyle("cms-preview.css");

  function industryName(lang, id) {
    var names = (site.industries || {})[lang] || {};
    return names[id] || id || "";
  }

  function imageFor(props, name, className) {
    var path = props.entry.getIn(["data", name]);
    if (!path) return null;
    var asset = props.getAsset(path);
    return h("img", {className: className, src: asset ? asset.toString() : path, alt: ""});
  }

  var StoryPreview = createClass({
    render: function () {
      var props = this.props;
      var get = function (key) { return props.entry.getIn(["data", key]); };
      var metrics = get("metrics");
      var quote = get("quote");
      var lang = get("lang") || site.lang;
      var pageWords = WORDS[lang] || words;  // the page's language, as the site shows it
      var kind = get("type") === "interview" ? pageWords.interview : pageWords.story;
      var highlights = [];
      if (metrics && metrics.size) {
        highlights.push(h("section", {className: "metrics", key: "metrics",
                                      "aria-label": pageWords.results},
          h("ul", {}, metrics.map(function (metric, index) {
            return h("li", {key: index},
              h("strong", {className: "metric-value"}, metric.get("value")), " ",
              h("span", {className: "metric-label"}, metric.get("label")));
          }).toArray())));
      }
      if (quote && quote.get("text")) {
        var role = quote.get("role");
        highlights.push(h("figure", {className: "pull-quote", key: "quote"},
          h("blockquote", {}, h("p", {}, quote.get("text"))),
          h("figcaption", {}, quote.get("author") || "", role ? ", " + role : "")));
      }
      return h("main", {className: "cms-preview wrap"},
        h("article", {className: "story", lang: lang},  // Japanese breaks between phrases
          h("header", {className: "story-header"},
            h("p", {className: "kicker"}, kind, " · ", industryName(lang, get("industry"))),
            h("h1", {}, get("title")),
            h("p", {className: "lead"}, get("summary")),
            h("p", {className: "customer-line"},
              imageFor(props, "logo", "story-logo"),
              h("span", {}, h("strong", {}, get("customer")),
                get("region") ? h("span", {className: "region"}, " · ", get("region")) : null))),
          highlights.length ? h("div", {className: "highlights"}, highlights) : null,
          imageFor(props, "hero", "story-hero"),
          h("div", {className: "story-layout"},
            h("div", {className: "story-main story-body prose"}, props.widgetFor("body")))));
    }
  });

  var PagePreview = createClass({
    render: function () {
      var props = this.props;
      return h("main", {className: "cms-preview wrap"},
        h("article", {className: "page", lang: props.entry.getIn(["data", "lang"]) || site.lang},
          h("h1", {}, props.entry.getIn(["data", "title"])),
          h("div", {className: "prose"}, props.widgetFor("body"))));
    }
  });

  (site.collections || []).forEach(function (name) {
    var story = name.indexOf("stories_") === 0 || name.indexOf("interviews_") === 0;
    CMS.registerPreviewTemplate(name, story ? StoryPreview : PagePreview);
  });

  CMS.init();  // everything Casebook adds is registered (cms-manual-init.js held it back)
})();
