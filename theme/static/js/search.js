// Search with Pagefind's JS API: query and facet filters live in the URL, so a
// search can be shared and survives a reload. Facets show how many results
// each value would give; choosing filters without a query browses them.
// A search never ends in a blank area: too many words are retried with fewer,
// nothing found offers the way out, a query in the other language's script
// offers that language's search, and an empty query shows the newest stories.
(function () {
  "use strict";
  var root = document.getElementById("search-results");
  if (!root) return;
  var panel = document.getElementById("search-panel");
  var panelCount = document.getElementById("search-panel-count");
  var facetsBox = document.getElementById("search-facets");
  var form = document.getElementById("search-page-form");
  var input = document.getElementById("search-page-query");
  var text = JSON.parse(root.getAttribute("data-i18n"));
  var lang = document.documentElement.lang;
  var FACETS = ["type", "industry", "feature", "company_size"];
  var PAGE_SIZE = 10;  // results listed at a time
  // Each result's data is one more request: the first five (a first screen and more)
  // come with the results, the rest of the page as they scroll near.
  var EAGER = 5;
  var NEWEST = 5;  // stories shown before anything is typed
  var EXCERPT_WORDS = 30;  // as Pagefind's default excerptLength
  var MAX_RETRIES = 30;  // searches tried with fewer words (each is quick: its words' index is loaded)
  var MAX_WORDS = 10;  // words of a long question tried alone and in subsets
  var FEW = 3;  // fewer pages than this have every word: pages with all but one follow
  // Words too common to narrow a search. The build indexes them apart (marked with
  // STOP_MARK, see casebook/search/index.py, which has the same list), so the English
  // index is never asked for them (the query in the box and the URL stays as typed).
  var STOP_MARK = /\u01c2/g;
  var STOP_WORDS = {};
  ("a about after all also am an and any are as at be because been before being but by " +
   "can could did do does each every for from had has have he her here him his how i if " +
   "in into is it its just me more most my no not of on only or our out over she so some " +
   "such than that the their them then there these they this those through to too under " +
   "up us very was we were what when where which while who why will with without would " +
   "you your").split(" ").forEach(function (word) { STOP_WORDS[word] = true; });
  var JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
  var LATIN_ONLY = /^[\p{Script=Latin}\p{N}\p{P}\p{Zs}]*\p{Script=Latin}[\p{Script=Latin}\p{N}\p{P}\p{Zs}]*$/u;
  var pagefind = null;
  var latest = 0;
  var collator = new Intl.Collator(lang);
  var plurals = new Intl.PluralRules(lang);

  // Filters: a folded panel (a column beside the results once opened on a wide
  // screen). Their counts come from Pagefind's filter index, some 80 kB on a site
  // of 10,000 stories: it is loaded when the panel is first opened, or when the
  // URL already holds a filter, never for a plain first query.
  var facetsReady = false;
  function loadFacets() {
    if (facetsReady || !pagefind) return Promise.resolve(false);
    return pagefind.filters().then(function () { facetsReady = true; return true; });
  }
  panel.addEventListener("toggle", function () {
    if (!panel.open) return;
    loadFacets().then(function (loaded) { if (loaded) run(readState()); });
  });

  // Results past the first few: a placeholder, filled as it scrolls near.
  var pending = new WeakMap();
  var watcher = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting || !pending.has(entry.target)) return;
      watcher.unobserve(entry.target);
      pending.get(entry.target)();
      pending.delete(entry.target);
    });
  }, { rootMargin: "400px 0px" }) : null;
  function pendingHit(result, list) {
    var item = element("li", "hit hit-pending");
    function fill() {
      loadData(result).then(function (data) {
        if (item.parentNode === list) list.replaceChild(renderHit(data), item);
      });
    }
    if (watcher) { pending.set(item, fill); watcher.observe(item); } else fill();
    return item;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (key) {
      var values = params.getAll(key);
      if (values.length) filters[key] = values;
    });
    return { q: (params.get("q") || "").trim(), filters: filters };
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (key) {
      (state.filters[key] || []).forEach(function (value) { params.append(key, value); });
    });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function link(href, content, className) {
    var node = element("a", className || "", content);
    node.href = href;
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // A count in the page's language: the plural form CLDR gives for it (the build
  // passes the forms, {one: ..., other: ...}), the number written as the language does.
  function counted(forms, n) {
    var form = typeof forms === "string" ? forms : (forms[plurals.select(n)] || forms.other);
    return fill(form, { n: n.toLocaleString(lang) });
  }

  function chosenCount(state) {
    return Object.keys(state.filters).reduce(function (sum, key) {
      return sum + state.filters[key].length;
    }, 0);
  }

  // Facet values in the order a reader expects: kinds of page as the site lists
  // them, company sizes from small to large, names alphabetically in this language.
  function ordered(key, names) {
    if (key === "company_size") {
      return names.sort(function (a, b) {
        return (parseInt(a, 10) || 0) - (parseInt(b, 10) || 0) || collator.compare(a, b);
      });
    }
    if (key === "type") {
      var rank = function (name) {
        var at = text.types.indexOf(name);
        return at < 0 ? text.types.length : at;
      };
      return names.sort(function (a, b) { return rank(a) - rank(b) || collator.compare(a, b); });
    }
    return names.sort(collator.compare);
  }

  function facetLabel(key, value) {
    return key === "company_size" ? fill(text.size, { size: value }) : value;
  }

  function renderFacets(counts, state) {
    facetsBox.textContent = "";
    var chosenTotal = chosenCount(state);
    panelCount.textContent = chosenTotal ? counted(text.chosen, chosenTotal) : "";
    FACETS.forEach(function (key) {
      var values = counts[key] || {};
      var chosen = state.filters[key] || [];
      var names = ordered(key, Object.keys(values).filter(function (value) {
        return values[value] > 0 || chosen.indexOf(value) >= 0;
      }));
      if (!names.length) return;
      var group = element("fieldset", "facet");
      group.appendChild(element("legend", "", text.facets[key]));
      names.forEach(function (value) {
        var label = element("label", "facet-option");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = key;
        box.value = value;
        box.checked = chosen.indexOf(value) >= 0;
        box.addEventListener("change", function () { toggle(key, value, box.checked); });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + facetLabel(key, value) + " "));
        label.appendChild(element("span", "facet-count", "(" + (values[value] || 0).toLocaleString(lang) + ")"));
        group.appendChild(label);
      });
      facetsBox.appendChild(group);
    });
    if (chosenTotal) facetsBox.appendChild(clearButton("facet-clear"));
  }

  function clearButton(className) {
    var clear = element("button", className, text.clear);
    clear.type = "button";
    clear.addEventListener("click", function () {
      var next = readState();
      next.filters = {};
      update(next);
    });
    return clear;
  }

  function toggle(key, value, on) {
    var state = readState();
    var values = (state.filters[key] || []).filter(function (v) { return v !== value; });
    if (on) values.push(value);
    if (values.length) state.filters[key] = values; else delete state.filters[key];
    update(state);
  }

  // ---- Excerpts: a run of the page's own words, never the alias words ----------
  //
  // Pagefind's excerpt is cut from the indexed text, which ends with the page's alias
  // words. The excerpt is built here as Pagefind builds it (calculate_excerpt_region
  // and build_excerpt in pagefind.js), but only from the words before that tail.

  // The page's text as written: without the word joiners that end blocks Pagefind
  // would otherwise end with a full stop, and without the stop words' index mark.
  function plain(value) { return (value || "").replace(/\u2060/g, "").replace(STOP_MARK, ""); }
  function squeeze(value) { return value.replace(/[\s\p{P}]/gu, ""); }

  // The page's words as Pagefind counts them for locations. `content` has had its
  // U+200B word breaks (Japanese) removed by Pagefind; `raw_content` keeps them, with
  // only < and > escaped, which changes no word boundary.
  function pageWords(data) {
    var raw = data.raw_content || data.content || "";
    var segmented = raw.indexOf("\u200B") >= 0;
    var words = (segmented ? raw.split("\u200B") : raw.split(/[\r\n\s]+/g)).map(function (word) {
      // U+2060 ends a block the build marked so that Pagefind adds no full stop there.
      return plain(word.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    });
    return { words: words, segmented: segmented, tail: aliasTail(words, data.meta.aliases) };
  }

  // Where the alias tail begins: the trailing words that, spaces and punctuation
  // aside, spell the `aliases` meta. A word that holds both page text and the first
  // alias belongs to the tail (never shown).
  function aliasTail(words, aliases) {
    var target = squeeze(aliases || "");
    if (!target) return words.length;
    var spelled = "";
    for (var i = words.length - 1; i >= 0; i--) {
      spelled = squeeze(words[i]) + spelled;
      if (spelled.length >= target.length) {
        return spelled.slice(spelled.length - target.length) === target ? i : words.length;
      }
    }
    return words.length;
  }

  // Pagefind's calculate_excerpt_region: the start of the densest window of matches.
  function excerptRegion(locations, length) {
    if (!locations.length) return 0;
    var words = [];
    locations.forEach(function (word) {
      words[word.location] = (words[word.location] || 0) + word.balanced_score;
    });
    if (words.length <= length) return 0;
    var densest = 0;
    for (var k = 0; k < length; k++) densest += words[k] || 0;
    var sum = densest;
    var densestAt = [0];
    for (var i = 0; i < words.length; i++) {
      sum += (words[i + length] || 0) - (words[i] || 0);
      if (sum > densest) {
        densest = sum;
        densestAt = [i];
      } else if (sum === densest && densestAt[densestAt.length - 1] === i - 1) {
        densestAt.push(i);
      }
    }
    return densestAt[Math.floor(densestAt.length / 2)];
  }

  // The excerpt of the words from..to (to excluded), centred as Pagefind centres it
  // on the weighted locations given; matched words in <mark>.
  function buildExcerpt(page, located, from, to) {
    var length = EXCERPT_WORDS;
    var relative = located.map(function (hit) {
      return { location: hit.location - from, balanced_score: hit.balanced_score || hit.weight || 1 };
    });
    var start = excerptRegion(relative, length) + from;
    if (to - from < length) length = to - from;
    if (start + length > to) start = to - length;
    if (start < from) start = from;
    var marked = {};
    located.forEach(function (hit) { marked[hit.location] = true; });
    var node = element("p", "hit-excerpt");
    if (start > 0) node.appendChild(document.createTextNode("… "));
    var joiner = page.segmented ? "" : " ";
    var pending = "";
    for (var at = start; at < start + length; at++) {
      var word = page.words[at];
      // Pagefind ends each block with "."; in Japanese it is a word of its own.
      if (page.segmented && /^\.\s*$/.test(word)) word = " ";
      var separator = at > start ? joiner : "";
      if (marked[at]) {
        if (pending || separator) node.appendChild(document.createTextNode(pending + separator));
        pending = "";
        node.appendChild(element("mark", "", word));
      } else {
        pending += separator + word;
      }
    }
    if (start + length < page.tail) pending = pending.replace(/\s+$/, "") + " …";
    if (pending) node.appendChild(document.createTextNode(pending));
    return node.textContent.replace(/[\s…]/g, "") ? node : null;
  }

  function inPage(page) {
    return function (hit) { return hit.location < page.tail; };
  }

  // The sections Pagefind splits a page into: its headings with text, in order.
  function sectionEnd(data, page, from) {
    var ends = (data.anchors || []).filter(function (anchor) {
      return /h\d/i.test(anchor.element) && anchor.text && /\S/.test(anchor.text) &&
        anchor.location > from;
    }).map(function (anchor) { return anchor.location; });
    return Math.min(page.tail, ends.length ? Math.min.apply(null, ends) : page.tail);
  }

  // The section (a heading with an id) where the query matches best, if any:
  // matches among the alias words do not count.
  function bestSection(data, page) {
    var best = null;
    var bestScore = 0;
    (data.sub_results || []).forEach(function (sub) {
      if (sub.url === data.url || !sub.anchor) return;
      var score = (sub.weighted_locations || []).filter(inPage(page)).reduce(function (sum, hit) {
        return sum + (hit.balanced_score || hit.weight || 1);
      }, 0);
      if (score > bestScore) { best = sub; bestScore = score; }
    });
    return best;
  }

  // Where the query matches the page's own words: an excerpt around the matches;
  // where it only matches an alias, the page's opening words (or nothing, when the
  // summary is shown anyway).
  function excerptFor(data, page, best) {
    if (best) {
      return buildExcerpt(page, best.weighted_locations.filter(inPage(page)),
                          best.anchor.location, sectionEnd(data, page, best.anchor.location));
    }
    var located = (data.weighted_locations || []).filter(inPage(page));
    if (located.length) return buildExcerpt(page, located, 0, page.tail);
    if (data.meta.summary) return null;
    return buildExcerpt(page, [], 0, page.tail);
  }

  // ---- Results ----------------------------------------------------------------

  function renderHit(data) {
    var item = element("li", "hit");
    var page = pageWords(data);
    var best = bestSection(data, page);
    if (data.meta.image) {
      var image = document.createElement("img");
      image.src = data.meta.image;
      image.alt = "";
      image.loading = "lazy";
      image.className = "hit-image";
      item.appendChild(image);
    }
    var body = element("div", "hit-body");
    var kicker = [data.filters.type && data.filters.type[0], data.meta.customer].filter(Boolean);
    if (kicker.length) body.appendChild(element("p", "kicker", kicker.join(" · ")));
    var title = element("h2", "hit-title");
    title.appendChild(link(data.url, plain(data.meta.title)));
    body.appendChild(title);
    if (data.meta.summary) body.appendChild(element("p", "hit-summary", data.meta.summary));
    var excerpt = excerptFor(data, page, best);
    if (excerpt) body.appendChild(excerpt);
    if (best) body.appendChild(link(best.url, "› " + plain(best.title), "hit-section"));
    item.appendChild(body);
    return item;
  }

  // Pagefind hands every search the same object for a page and rewrites its
  // locations: what a result needs is copied as soon as it arrives.
  function loadData(result) {
    return result.data().then(function (data) {
      var copy = {};
      Object.keys(data).forEach(function (key) { copy[key] = data[key]; });
      copy.weighted_locations = (data.weighted_locations || []).slice();
      copy.sub_results = (data.sub_results || []).slice();
      return copy;
    });
  }

  function otherLanguageOffer(query) {
    var href = text.other.search + "?" + new URLSearchParams({ q: query }).toString();
    var target = link(href, fill(text.other.label, { query: query, language: text.other.name }),
                      "search-other-language");
    target.hreflang = text.other.lang;
    var offer = element("p", "search-offer");
    offer.appendChild(target);
    return offer;
  }

  function browseLinks() {
    var node = element("p", "search-browse-links");
    node.appendChild(link(text.browse.features, text.browse.features_label));
    node.appendChild(document.createTextNode(" · "));
    node.appendChild(link(text.browse.industries, text.browse.industries_label));
    return node;
  }

  function renderResults(state, outcome) {
    var results = outcome.results;
    var datas = outcome.datas;
    root.textContent = "";
    if (outcome.offer) root.appendChild(otherLanguageOffer(state.q));
    root.appendChild(element("p", "counts search-count", counted(text.count, results.length)));
    if (outcome.fewer) {
      root.appendChild(element("p", "search-retry",
        fill(text.retry, { query: state.q, words: outcome.fewer.join(" ") })));
    }
    if (outcome.also) {
      root.appendChild(element("p", "search-retry search-also",
        fill(text.also, { query: state.q, words: outcome.also.join(" ") })));
    }
    if (!results.length) {
      root.appendChild(element("p", "search-none",
        state.q ? fill(text.none, { query: state.q }) : text.none_filters));
      if (chosenCount(state)) root.appendChild(clearButton("search-unfilter"));
      root.appendChild(element("p", "search-none-help", text.none_help));
      root.appendChild(browseLinks());
      return;
    }
    var list = element("ol", "hits");
    datas.forEach(function (data) { list.appendChild(renderHit(data)); });
    var shown = Math.min(PAGE_SIZE, results.length);
    results.slice(datas.length, shown).forEach(function (result) {
      list.appendChild(pendingHit(result, list));
    });
    root.appendChild(list);
    if (results.length > shown) {
      var more = element("button", "search-more", text.more);
      more.type = "button";
      more.addEventListener("click", function () {
        var next = results.slice(shown, shown + PAGE_SIZE);
        shown += next.length;
        Promise.all(next.map(loadData)).then(function (added) {
          added.forEach(function (data) { list.appendChild(renderHit(data)); });
          if (shown >= results.length) more.remove();
        });
      });
      root.appendChild(more);
    }
  }

  // Before anything is typed: what to do, where to browse, and the newest stories.
  function renderStart(newest) {
    root.textContent = "";
    root.appendChild(element("p", "search-hint", text.hint));
    root.appendChild(browseLinks());
    if (!newest.length) return;
    root.appendChild(element("h2", "search-newest", text.newest));
    var list = element("ol", "hits");
    newest.forEach(function (data) { list.appendChild(renderHit(data)); });
    root.appendChild(list);
  }

  // The words sent to Pagefind: as typed, less English stop words on the English
  // index (all of them when the query is nothing else).
  function queryWords(query) {
    if (lang === "ja" && JAPANESE.test(query)) return japaneseWords(query);
    var words = query.split(/\s+/).filter(Boolean);
    if (lang !== "en") return words;
    var kept = words.filter(function (word) {
      return !STOP_WORDS[word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")];
    });
    return kept.length ? kept : words;
  }

  // A Japanese question is one run of text: its words (the browser's segmenter, as
  // Pagefind's own query side uses), less particles and endings that every page has,
  // so that a sentence is searched by what it is about and can be retried with fewer.
  var JA_STOP = {};
  ("の を が に は で と も へ や か な ね よ から まで より など て で た だ です ます " +
   "でし ませ ん たい い う る れる られる せる ない なく し する され いる ある あり " +
   "こと もの ため よう これ それ あれ この その どう どの どんな 何 なに でも でき " +
   "できる ください について として どうやって たい たく ず ば けど って").split(" ")
    .forEach(function (word) { JA_STOP[word] = true; });
  var SENTENCE = 7;  // characters: a run this long is a phrase or a question, not a word
  var LONE_KANJI = /^\p{Script=Han}$/u;
  var LONE_KANA = /^\p{Script=Hiragana}$/u;  // an ending the segmenter cut off (進|ま|ない)
  var READING = /^[\p{Script=Hiragana}ー]+$/u;
  var NOUN = /^[\p{Script=Han}\p{Script=Katakana}ー]+$/u;
  function japaneseWords(query) {
    var typed = query.split(/\s+/).filter(Boolean);
    if (!(window.Intl && Intl.Segmenter)) return typed;
    var segmenter = new Intl.Segmenter("ja", { granularity: "word" });
    var words = [];
    typed.forEach(function (run) {
      if (run.length < SENTENCE) { words.push(run); return; }  // the reader's own word
      var last = null;  // the segment before, when it was kept
      var reading = READING.test(run);  // all in hiragana: every syllable counts
      Array.from(segmenter.segment(run)).forEach(function (part) {
        var word = part.segment;
        var next = last && last.index + last.segment.length === part.index;
        // A lone kanji is the end of a compound the segmenter cut (取引 + 先): kept
        // with the word before it, it is dropped or kept with it in a retry.
        if (next && LONE_KANJI.test(word) && NOUN.test(last.segment)) {
          words[words.length - 1] += word;
          last = { index: last.index, segment: last.segment + word };
          return;
        }
        last = null;
        if (part.isWordLike && !JA_STOP[word] && (reading || !LONE_KANA.test(word))) {
          words.push(word);
          last = part;
        }
      });
    });
    return words.length ? words : typed;
  }

  // Alias groups (content/search/aliases.yml), given to a Japanese search page only:
  // Pagefind's index may cut a Japanese alias word of a page's alias tail in two
  // (稟議 as 稟 and 議) and then finds it only by the page's `aliases` meta, with one
  // score for every page, however much the page is about it. A query word of a group
  // is asked for by the word of its group whose pages match it best (the sum of
  // their scores): the word the pages themselves use (承認 for 稟議), which every
  // page of the group also holds, by its text or its alias tail.
  var GROUPS = JSON.parse(root.getAttribute("data-aliases") || "[]");
  function groupWord(word) {
    var group = GROUPS.filter(function (words) { return words.indexOf(word) !== -1; })[0];
    if (!group) return Promise.resolve(null);
    return Promise.all(group.map(function (each) {
      return pagefind.search(each).then(function (search) {
        return (search ? search.results : []).reduce(function (sum, result) {
          return sum + result.score;
        }, 0);
      });
    })).then(function (sums) {
      var best = sums.indexOf(Math.max.apply(null, sums));
      return sums[best] > 0 ? group[best] : null;
    });
  }

  // A Japanese compound the index does not know as it is typed (電子署名, which
  // Pagefind's index holds as 電子 and 署名) is searched by the longest part of it
  // that the index knows, of two characters or more, its end first: in Japanese the
  // last part names what the compound is (a signature, of some kind).
  var HEAD = 2;
  function knownPart(word) {
    if (lang !== "ja" || !NOUN.test(word) || word.length < 2 * HEAD) return Promise.resolve(null);
    var parts = [];
    for (var at = HEAD; at <= word.length - HEAD; at++) parts.push(word.slice(at));
    for (var end = word.length - HEAD; end >= HEAD; end--) parts.push(word.slice(0, end));
    function tryPart(n) {
      if (n >= parts.length) return Promise.resolve(null);
      return pagefind.search(parts[n]).then(function (search) {
        return search && search.results.length ? parts[n] : tryPart(n + 1);
      });
    }
    return tryPart(0);
  }

  // Subsets of the words, the largest first, each one word fewer than a set before
  // (in the order typed), at most `limit` of them.
  function fewerWords(words, limit) {
    var seen = {};
    var levels = [];
    var level = [words];
    var total = 0;
    while (level.length && level[0].length > 1 && total < limit) {
      var next = [];
      level.forEach(function (set) {
        set.forEach(function (_, drop) {
          var subset = set.slice(0, drop).concat(set.slice(drop + 1));
          var key = subset.join(" ");
          if (seen[key] || total >= limit) return;
          seen[key] = true;
          next.push(subset);
          total++;
        });
      });
      if (next.length) levels.push(next);
      level = next;
    }
    return levels;
  }

  // The words the index knows, each searched alone (a Japanese compound it does not
  // know by the part of it that it knows). Pagefind leaves a word it does not know
  // out of a search without saying so; the reader is told instead.
  function knownWords(words) {
    return Promise.all(words.map(function (word) {
      return groupWord(word).then(function (chosen) {
        return chosen || pagefind.search(word).then(function (search) {
          return search && search.results.length ? word : knownPart(word);
        });
      });
    })).then(function (known) {
      return known.filter(function (word, n) { return word && known.indexOf(word) === n; });
    });
  }

  // Nothing has all the words: the known ones together, else the largest subset of
  // them that finds pages (the one whose best page matches best: a subset that keeps
  // the query's rarer, telling words beats one of common words that finds more),
  // trying at most MAX_RETRIES subsets.
  function retry(words, known, options, mine, listed) {
    var levels = fewerWords(known, MAX_RETRIES);
    if (known.length && known.length < words.length) levels.unshift([known]);
    function tryLevel(at) {
      if (at >= levels.length || mine !== latest) return Promise.resolve(null);
      return Promise.all(levels[at].map(function (subset) {
        return pagefind.search(subset.join(" "), options).then(function (search) {
          return { words: subset, search: search };
        });
      })).then(function (tries) {
        // With `listed` (pages shown already), a subset counts by the pages it adds.
        var best = null;
        tries.forEach(function (attempt) {
          var added = attempt.search ? attempt.search.results.filter(function (result) {
            return !listed || !listed[result.id];
          }) : [];
          if (added.length && (!best || added[0].score > best.top)) {
            best = { words: attempt.words, search: attempt.search, top: added[0].score };
          }
        });
        return best || tryLevel(at + 1);
      });
    }
    return tryLevel(0);
  }

  // Pagefind issue 1237: the index splits some Japanese compounds (新幹線 into 新 and
  // 幹線) that the browser's segmenter keeps whole, so the query word matches nothing
  // and Pagefind falls back to its first character: pages that only say 新 came
  // first. Each compound of the query is also asked for as an exact phrase of two
  // parts, split wherever the index may have split it, and the pages that hold it
  // are listed first, in Pagefind's order.
  var COMPOUND = /^[\p{Script=Han}\p{Script=Katakana}ー]{3,}$/u;
  function compoundsFirst(words, options, search) {
    var compounds = lang === "ja" ? words.filter(function (word) { return COMPOUND.test(word); }) : [];
    if (!search || !compounds.length) return Promise.resolve(search);
    var phrases = [];
    compounds.forEach(function (word) {
      for (var at = 1; at < word.length; at++) {
        phrases.push('"' + word.slice(0, at) + " " + word.slice(at) + '"');
      }
    });
    return Promise.all(phrases.map(function (phrase) {
      return pagefind.search(phrase, options);
    })).then(function (found) {
      var holding = {};
      var extra = [];
      found.forEach(function (each) {
        (each ? each.results : []).forEach(function (result) {
          if (!holding[result.id]) { holding[result.id] = true; extra.push(result); }
        });
      });
      var listed = idsOf(search.results);
      var first = search.results.filter(function (result) { return holding[result.id]; })
        .concat(extra.filter(function (result) { return !listed[result.id]; }));
      var rest = search.results.filter(function (result) { return !holding[result.id]; });
      return { results: first.concat(rest), filters: search.filters };
    });
  }

  function idsOf(results) {
    var ids = {};
    results.forEach(function (result) { ids[result.id] = true; });
    return ids;
  }

  function followedBy(search, more) {
    var listed = idsOf(search.results);
    return { results: search.results.concat(more.results.filter(function (result) {
      return !listed[result.id];
    })), filters: search.filters };
  }

  function done() { root.setAttribute("aria-busy", "false"); }

  function run(state) {
    var mine = ++latest;
    var filters = {};
    Object.keys(state.filters).forEach(function (key) { filters[key] = { any: state.filters[key] }; });
    root.setAttribute("aria-busy", "true");
    if (!state.q && !Object.keys(filters).length) {
      var newest = pagefind.search(null, {
        filters: { type: { any: text.types.slice(0, 2) } }, sort: { date: "desc" }
      });
      return Promise.all([facetsReady ? pagefind.filters() : {}, newest]).then(function (found) {
        if (mine !== latest) return null;
        renderFacets(found[0], state);
        var firsts = found[1] ? found[1].results.slice(0, NEWEST) : [];
        return Promise.all(firsts.map(loadData)).then(function (datas) {
          if (mine !== latest) return;
          renderStart(datas);
          done();
        });
      });
    }
    var options = { filters: filters };
    if (!state.q) options.sort = { date: "desc" };
    var words = state.q ? queryWords(state.q) : [];
    var outcome = { results: [], datas: [], fewer: null, offer: false };
    var several = words.slice(0, MAX_WORDS);
    var checked = several.length > 1 || lang === "ja" ? knownWords(several) : several;
    return Promise.all([
      pagefind.search(words.length ? words.join(" ") : null, options), checked
    ]).then(function (both) {
      var known = both[1];
      // A compound searched by its known part: the search is of the words known.
      var parted = known.some(function (word) { return words.indexOf(word) === -1; });
      if (!parted) return both;
      return pagefind.search(known.join(" "), options).then(function (search) {
        return [search, known];
      });
    }).then(function (both) {
      var search = both[0];
      var known = both[1];
      if (mine !== latest || !search) return null;
      var found = search.results.length;
      outcome.offer = !!state.q && !!text.other && (lang === "en" ? JAPANESE.test(state.q)
                                                   : !found && LATIN_ONLY.test(state.q));
      if (!known.length) return search;
      if (found && known.join(" ") !== words.join(" ")) outcome.fewer = known;  // what they match
      if (words.length < 2) return search;
      if (found) {
        if (found >= FEW || known.length < 3) return search;
        // A question in many words: the few pages with every word first, then the
        // pages with all but one (the subset whose best page matches best).
        var listed = idsOf(search.results);
        return retry(several, known, options, mine, listed).then(function (more) {
          if (!more) return search;
          outcome.also = more.words;
          return followedBy(search, more.search);
        });
      }
      return retry(several, known, options, mine).then(function (fewer) {
        if (!fewer) return search;
        outcome.fewer = fewer.words;
        return fewer.search;
      });
    }).then(function (search) {
      return compoundsFirst(words, options, search);
    }).then(function (search) {
      if (mine !== latest || !search) return null;
      renderFacets(search.filters, state);
      outcome.results = search.results;
      return Promise.all(search.results.slice(0, EAGER).map(loadData)).then(function (datas) {
        if (mine !== latest) return;
        outcome.datas = datas;
        renderResults(state, outcome);
        done();
      });
    });
  }

  // Before Pagefind has loaded, a change only goes into the URL: the first
  // search, once it is ready, runs whatever the URL says by then.
  function update(state) {
    writeState(state);
    return pagefind ? run(state) : null;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var state = readState();
    state.q = input.value.trim();
    update(state);
  });

  input.value = readState().q;
  // A shared link with filters shows them beside the results on a wide screen; a
  // phone keeps them folded (the count of those chosen is on the panel's summary).
  if (chosenCount(readState()) && window.matchMedia("(min-width: 60rem)").matches) {
    panel.open = true;
  }
  import(root.getAttribute("data-bundle") + "pagefind.js").then(function (module) {
    pagefind = module;
    // Pagefind adds a bonus for a query word in a page's title meta (metaWeights, 5 by
    // default), largest for the shortest titles: an overview named "Approvals" beat
    // every story about approvals. Titles count through the page's own weights instead
    // (a story's or an answer's title, its h1, 7; an overview's name 0.5), so an
    // overview comes up by its name below the pages about it, and a story's exact
    // title still lists it first.
    return pagefind.options({ baseUrl: root.getAttribute("data-base"),
                              ranking: { metaWeights: { title: 0 } } });
  }).then(function () {
    // Facet counts come with search results only once the filter index is loaded.
    return panel.open ? loadFacets() : null;
  }).then(function () {
    root.setAttribute("data-ready", "true");
    return run(readState());
  });
})();
