// Search page: the search index (Pagefind bundles: pagefind/, and for a large catalogue pagefind-2/ ...,
// each holding the power pages of whole units) searched through Pagefind's JavaScript API, the results
// listed here. Paths are found relative to this page, so the site works under any sub-path. A query in
// ?q= (the home page's form, or this page's) is searched at once; typing searches as well.
(function () {
  "use strict";
  var PAGE = 10; // results shown at a time
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
  var current = 0; // the latest search; an older one that ends later is dropped
  var shown = [];

  function load() {
    if (!parts) {
      parts = Promise.all(dirs.map(function (dir) {
        return import(base + dir + "pagefind.js").then(function (pagefind) {
          return pagefind.options({baseUrl: base}).then(function () { return pagefind; });
        });
      }));
    }
    return parts;
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
      return Promise.all(found.results.slice(0, 2).map(function (result) { return result.data(); }));
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
    load().then(function (pagefinds) {
      return eligible(pagefinds, query).then(function (use) {
        return Promise.all(pagefinds.map(function (pagefind, i) {
          return use[i] ? pagefind.search(query).then(function (found) { return found.results; }) : [];
        }));
      });
    }).then(function (found) {
      if (id !== current) {
        return;
      }
      shown = [].concat.apply([], found).sort(function (a, b) { return b.score - a.score; });
      message.textContent = shown.length === 0 ? "没有找到与“" + query + "”相关的事项"
        : "找到 " + shown.length + " 个与“" + query + "”相关的事项";
      showMore(id);
    }).catch(function () {
      if (id === current) {
        message.textContent = "搜索索引未能载入，请稍后再试，或从首页按单位浏览。";
      }
    });
  }

  function showMore(id) {
    var start = list.children.length;
    var batch = shown.slice(start, start + PAGE);
    more.hidden = true;
    Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (id !== current) {
        return;
      }
      pages.forEach(function (page) { list.appendChild(item(page)); });
      more.hidden = list.children.length >= shown.length;
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
    li.appendChild(excerpt);
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
  input.addEventListener("input", function (event) {
    if (event.isComposing) {
      return; // a Chinese input method is still choosing characters
    }
    clearTimeout(typing);
    typing = setTimeout(function () { search(input.value.trim()); }, 300);
  });
  input.addEventListener("compositionend", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { search(input.value.trim()); }, 300);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    var query = input.value.trim();
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : window.location.pathname);
    search(query);
  });
  more.addEventListener("click", function () { showMore(current); });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    search(query.trim());
  }
})();
