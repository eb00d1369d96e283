// Search page: the search index (Pagefind bundles: pagefind/, and for a large catalogue pagefind-2/ ...,
// each holding the power pages of whole units) searched through Pagefind's JavaScript API, the results
// listed here, after the powers whose name, code or unit holds the query as written (assets/powers.json).
// Paths are found relative to this page, so the site works under any sub-path. A query in ?q= (the home
// page's form, or this page's) is searched at once; typing searches as well.
(function () {
  "use strict";
  var PAGE = 20; // results shown at a time
  var base = new URL(".", document.baseURI).pathname;
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var message = document.getElementById("search-message");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var dirs = ["pagefind/"].concat((form.getAttribute("data-more") || "").split(" ").filter(Boolean));
  // Pagefind joins a page's blocks with ". " in an excerpt: in Chinese text that reads as a stray full stop
  var CJK_STOP = /([\u3400-\u9fff])\. /g;
  var MARK_STOP = /([，。；：、）」”》])\. /g;
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", {granularity: "word"}) : null;
  var parts = null;
  var names = null;
  var missing = false; // a part of the index that did not load: results may be incomplete
  var current = 0; // the latest search; an older one that ends later is dropped
  var shown = [];

  function load() {
    if (!parts) {
      parts = Promise.all(dirs.map(function (dir) {
        return Promise.all([import(base + dir + "pagefind.js").then(function (pagefind) {
          return pagefind.options({baseUrl: base}).then(function () { return pagefind; });
        }), fetch(base + dir + "pages.json").then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })]).then(function (both) {
          // Pagefind's API, and its page ids -> addresses (/powers/...) as the build wrote them
          return {search: both[0].search, pages: both[1]};
        }).catch(function () {
          missing = true; // the other parts still search
          return null;
        });
      })).then(function (loaded) {
        var usable = loaded.filter(Boolean);
        if (usable.length === 0) {
          throw new Error("no search index");
        }
        return usable;
      });
    }
    return parts;
  }

  // Full-width letters and digits (ＧＰＳ, １２３１５) as their usual forms, case and spaces ignored
  function plain(text) {
    return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  // Powers whose name holds the query (an exact name first, then names that begin with it), then those
  // whose code begins with it, then those of a unit whose name holds it: what a citizen who copies a
  // power's name or code, or types a bureau's name, is looking for.
  function byName(query) {
    if (!names) {
      names = fetch(form.getAttribute("data-names")).then(function (response) {
        return response.ok ? response.json() : {powers: []};
      }).then(function (data) {
        return data.powers.map(function (row) {
          return {code: plain(row[0]), name: plain(row[1]), unit: plain(row[2]),
                  page: {url: new URL(row[4], document.baseURI).pathname, excerpt: "",
                         meta: {title: row[1], "实施主体": row[2], "职权类型": row[3]}}};
        });
      }).catch(function () { return []; });
    }
    var q = plain(query);
    return names.then(function (powers) {
      var rank = function (p) {
        return p.name === q ? 0 : p.name.indexOf(q) === 0 ? 1 : p.name.indexOf(q) > 0 ? 2
          : p.code.indexOf(q) === 0 ? 3 : p.unit.indexOf(q) >= 0 ? 4 : -1;
      };
      var found = [];
      powers.forEach(function (p, i) {
        var r = q ? rank(p) : -1;
        if (r >= 0) {
          found.push({rank: r, order: i, page: p.page});
        }
      });
      found.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
      return found.map(function (f) {
        return {url: f.page.url, data: function () { return Promise.resolve(f.page); }};
      });
    });
  }

  // The query's words as Pagefind cuts them (Intl.Segmenter for Chinese, as its own search does)
  function words(query) {
    var out = [];
    query.split(/\s+/).forEach(function (chunk) {
      if (!chunk) {
        return;
      }
      if (!segmenter) {
        out.push(chunk.toLowerCase());
        return;
      }
      Array.from(segmenter.segment(chunk)).forEach(function (s) {
        if (s.isWordLike && out.indexOf(s.segment.toLowerCase()) < 0) {
          out.push(s.segment.toLowerCase());
        }
      });
    });
    return out;
  }

  // Pagefind leaves out a query word its index does not hold, or matches it loosely (by a character of
  // it). One index does so only for words no page has; over parts, a part lacking a word that another
  // part holds would list pages without it. So each word is looked up in each part (is it in the text
  // of the part's best matches?), and a part is searched only if it holds every word some part holds.
  function eligible(pagefinds, query) {
    var terms = words(query);
    if (pagefinds.length < 2) {
      return Promise.resolve([true]);
    }
    return Promise.all(pagefinds.map(function (pagefind) {
      return Promise.all(terms.map(function (term) { return holds(pagefind, term); }));
    })).then(function (held) {
      return held.map(function (own) {
        return terms.every(function (term, i) {
          return own[i] || !held.some(function (other) { return other[i]; });
        });
      });
    });
  }

  function holds(pagefind, term) {
    return pagefind.search(term).then(function (found) {
      return Promise.all(found.results.slice(0, 5).map(function (result) { return result.data(); }));
    }).then(function (pages) {
      return pages.some(function (page) {
        var text = [page.content].concat(Object.values(page.meta || {})).join(" ").toLowerCase();
        return text.indexOf(term) >= 0;
      });
    });
  }

  function search(query) {
    var id = current += 1;
    list.textContent = "";
    more.hidden = true;
    shown = [];
    if (!query) {
      message.textContent = "";
      return;
    }
    message.textContent = "正在搜索“" + query + "”……";
    var normal = query.normalize("NFKC");
    Promise.all([byName(query), load().then(function (pagefinds) {
      return eligible(pagefinds, normal).then(function (use) {
        return Promise.all(pagefinds.map(function (pagefind, i) {
          return use[i] ? pagefind.search(normal).then(function (found) {
            found.results.forEach(function (r) { r.url = base + (pagefind.pages[r.id] || "").replace(/^\//, ""); });
            return found.results;
          }) : [];
        }));
      });
    })]).then(function (both) {
      if (id !== current) {
        return;
      }
      var fromIndex = [].concat.apply([], both[1]).sort(function (a, b) { return b.score - a.score; });
      var indexed = {};
      fromIndex.forEach(function (r) { indexed[r.url] = r; });
      // a power found by name too is shown with Pagefind's excerpt, in the name's place
      var named = both[0].map(function (r) { return indexed[r.url] || r; });
      var listed = {};
      named.forEach(function (r) { listed[r.url] = true; });
      shown = named.concat(fromIndex.filter(function (r) { return !listed[r.url]; }));
      var partial = missing ? "（部分搜索索引未能载入，结果可能不全）" : "";
      message.textContent = shown.length === 0
        ? "没有找到与“" + query + "”相关的事项" + partial + "。可以换用更短的关键词，如事项名称中的几个字。"
        : "找到 " + shown.length + " 个与“" + query + "”相关的事项" + partial;
      showMore(id, false);
    }).catch(function () {
      if (id === current) {
        message.textContent = "搜索索引未能载入，请稍后再试，或从首页按单位浏览。";
      }
    });
  }

  function showMore(id, focus) {
    var start = list.children.length;
    var batch = shown.slice(start, start + PAGE);
    more.hidden = true;
    Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (id !== current) {
        return;
      }
      pages.forEach(function (page) { list.appendChild(item(page)); });
      more.hidden = list.children.length >= shown.length;
      if (focus && list.children[start]) {
        list.children[start].querySelector("a").focus(); // the keyboard goes on from the first new result
      }
    });
  }

  // One result: title linked, the excerpt with its marked words, the unit and category. Built as text
  // nodes: the excerpt comes from the page's text, so only <mark> is taken from Pagefind's markup.
  function item(page) {
    var li = document.createElement("li");
    var title = document.createElement("a");
    title.href = page.url;
    title.className = "search-result-link";
    title.textContent = (page.meta && page.meta.title) || page.url;
    var heading = document.createElement("p");
    heading.className = "search-result-title";
    heading.appendChild(title);
    li.appendChild(heading);
    var excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    var parsed = new DOMParser().parseFromString("<p>" + page.excerpt + "</p>", "text/html").body;
    Array.from(parsed.firstChild ? parsed.firstChild.childNodes : []).forEach(function (node) {
      var text = node.textContent.replace(CJK_STOP, "$1。").replace(MARK_STOP, "$1");
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = text;
        excerpt.appendChild(mark);
      } else {
        excerpt.appendChild(document.createTextNode(text));
      }
    });
    if (excerpt.childNodes.length) {
      li.appendChild(excerpt);
    }
    var facts = document.createElement("p");
    facts.className = "search-result-meta";
    ["实施主体", "职权类型"].forEach(function (key) {
      if (page.meta && page.meta[key]) {
        var span = document.createElement("span");
        span.textContent = key + "：" + page.meta[key];
        facts.appendChild(span);
      }
    });
    li.appendChild(facts);
    return li;
  }

  var typing = null;
  var soon = function () {
    clearTimeout(typing);
    typing = setTimeout(function () { search(input.value.trim()); }, 300);
  };
  input.addEventListener("input", function (event) {
    if (!event.isComposing) { // a Chinese input method still choosing characters searches at compositionend
      soon();
    }
  });
  input.addEventListener("compositionend", soon);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    var query = input.value.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : window.location.pathname);
    search(query);
  });
  more.addEventListener("click", function () { showMore(current, true); });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    search(query.trim());
  }
})();
