// Search with Pagefind's JS API: query and facet filters live in the URL, so a
// search can be shared and survives a reload. Facets show how many results
// each value would give; choosing filters without a query browses them.
(function () {
  "use strict";
  var root = document.getElementById("search-results");
  if (!root) return;
  var facetsBox = document.getElementById("search-facets");
  var form = document.getElementById("search-page-form");
  var input = document.getElementById("search-page-query");
  var text = JSON.parse(root.getAttribute("data-i18n"));
  var FACETS = ["type", "industry", "feature", "company_size"];
  var PAGE_SIZE = 10;  // each result's data is one more request: load ten at a time
  var pagefind = null;
  var latest = 0;

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

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // A count in the page's language: the plural form CLDR gives for it (the build
  // passes the forms, {one: ..., other: ...}), the number written as the language does.
  var plurals = new Intl.PluralRules(document.documentElement.lang);
  function counted(forms, n) {
    var form = typeof forms === "string" ? forms : (forms[plurals.select(n)] || forms.other);
    return fill(form, { n: n.toLocaleString(document.documentElement.lang) });
  }

  function renderFacets(counts, state) {
    facetsBox.textContent = "";
    var heading = element("h2", "filter-title", text.filters);
    facetsBox.appendChild(heading);
    FACETS.forEach(function (key) {
      var values = counts[key] || {};
      var chosen = state.filters[key] || [];
      var names = Object.keys(values).filter(function (value) {
        return values[value] > 0 || chosen.indexOf(value) >= 0;
      }).sort();
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
        label.appendChild(document.createTextNode(" " + value + " "));
        label.appendChild(element("span", "facet-count", "(" + values[value] + ")"));
        group.appendChild(label);
      });
      facetsBox.appendChild(group);
    });
    if (Object.keys(state.filters).length) {
      var clear = element("button", "facet-clear", text.clear);
      clear.type = "button";
      clear.addEventListener("click", function () {
        var next = readState();
        next.filters = {};
        update(next);
      });
      facetsBox.appendChild(clear);
    }
  }

  function toggle(key, value, on) {
    var state = readState();
    var values = (state.filters[key] || []).filter(function (v) { return v !== value; });
    if (on) values.push(value);
    if (values.length) state.filters[key] = values; else delete state.filters[key];
    update(state);
  }

  // The section (a heading with an id) where the query matches best, if any.
  function bestSection(data) {
    var best = null;
    var bestScore = 0;
    (data.sub_results || []).forEach(function (sub) {
      if (sub.url === data.url) return;
      var score = (sub.weighted_locations || []).reduce(function (sum, hit) {
        return sum + (hit.balanced_score || hit.weight || 1);
      }, 0);
      if (score > bestScore) { best = sub; bestScore = score; }
    });
    return best;
  }

  function renderHit(data) {
    var item = element("li", "hit");
    var best = bestSection(data);
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
    body.appendChild(element("p", "kicker", kicker.join(" · ")));
    var title = element("h2", "hit-title");
    var link = element("a", "", data.meta.title);
    link.href = data.url;
    title.appendChild(link);
    body.appendChild(title);
    if (data.meta.summary) body.appendChild(element("p", "hit-summary", data.meta.summary));
    var excerpt = element("p", "hit-excerpt");
    excerpt.innerHTML = (best || data).excerpt;  // Pagefind escapes the text; <mark> only
    body.appendChild(excerpt);
    if (best) {
      var deep = element("a", "hit-section", "› " + best.title);
      deep.href = best.url;
      body.appendChild(deep);
    }
    item.appendChild(body);
    return item;
  }

  function renderResults(results, datas) {
    root.textContent = "";
    root.appendChild(element("p", "counts search-count", counted(text.count, results.length)));
    if (!results.length) {
      root.appendChild(element("p", "", text.none));
      return;
    }
    var list = element("ol", "hits");
    datas.forEach(function (data) { list.appendChild(renderHit(data)); });
    root.appendChild(list);
    if (results.length > datas.length) {
      var more = element("button", "search-more", text.more);
      more.type = "button";
      more.addEventListener("click", function () {
        var next = results.slice(datas.length, datas.length + PAGE_SIZE);
        Promise.all(next.map(function (r) { return r.data(); })).then(function (added) {
          added.forEach(function (data) { list.appendChild(renderHit(data)); });
          datas = datas.concat(added);
          if (datas.length >= results.length) more.remove();
        });
      });
      root.appendChild(more);
    }
  }

  function run(state) {
    var mine = ++latest;
    var filters = {};
    Object.keys(state.filters).forEach(function (key) { filters[key] = { any: state.filters[key] }; });
    if (!state.q && !Object.keys(filters).length) {
      return pagefind.filters().then(function (counts) {
        if (mine !== latest) return;
        renderFacets(counts, state);
        root.textContent = "";
        root.appendChild(element("p", "search-hint", text.hint));
      });
    }
    root.setAttribute("aria-busy", "true");
    var options = { filters: filters };
    if (!state.q) options.sort = { date: "desc" };
    return pagefind.search(state.q || null, options).then(function (search) {
      if (mine !== latest || !search) return null;
      renderFacets(search.filters, state);
      var firsts = search.results.slice(0, PAGE_SIZE).map(function (r) { return r.data(); });
      return Promise.all(firsts).then(function (datas) {
        if (mine !== latest) return;
        renderResults(search.results, datas);
        root.setAttribute("aria-busy", "false");
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
  import(root.getAttribute("data-bundle") + "pagefind.js").then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: root.getAttribute("data-base") });
  }).then(function () {
    // Facet counts come with search results only once the filter index is loaded.
    return pagefind.filters();
  }).then(function () {
    root.setAttribute("data-ready", "true");
    return run(readState());
  });
})();
