// Search page: Pagefind's UI over the index in ./pagefind/, found relative to this page so that the
// site works under any sub-path. A query in ?q= (from the home page's form) is searched at once.
(function () {
  "use strict";
  var base = new URL(".", document.baseURI).pathname;
  // Pagefind joins a page's blocks with ". " in an excerpt: in Chinese text that reads as a stray full stop
  var CJK_STOP = /([\u3400-\u9fff])\. /g;
  var MARK_STOP = /([，。；：、）」”》])\. /g;
  // a large catalogue's index comes in parts (pagefind-2/ ...), listed on the search box: searched as one
  var more = (document.getElementById("search").getAttribute("data-more") || "").split(" ").filter(Boolean);
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: base + "pagefind/",
    baseUrl: base,
    mergeIndex: more.map(function (dir) {
      return {bundlePath: base + dir, baseUrl: base};
    }),
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    translations: {
      placeholder: "搜索事项名称、依据或关键词",
      clear_search: "清除",
      load_more: "显示更多结果",
      search_label: "搜索本站",
      filters_label: "筛选",
      zero_results: "没有找到与“[SEARCH_TERM]”相关的事项",
      many_results: "找到 [COUNT] 个与“[SEARCH_TERM]”相关的事项",
      one_result: "找到 1 个与“[SEARCH_TERM]”相关的事项",
      searching: "正在搜索“[SEARCH_TERM]”……"
    },
    processResult: function (result) {
      result.excerpt = result.excerpt.replace(CJK_STOP, "$1。").replace(MARK_STOP, "$1");
      return result;
    }
  });
  // a result's metadata reads 实施主体：… (Pagefind writes "key: value" with an ASCII colon); the search
  // box is named for screen readers (Pagefind gives it only a title)
  var results = document.getElementById("search");
  var name = function () {
    var input = results.querySelector("input");
    if (input && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", "搜索权力事项");
    }
  };
  name();
  new MutationObserver(function () {
    name();
    var tags = results.querySelectorAll(".pagefind-ui__result-tag");
    for (var i = 0; i < tags.length; i += 1) {
      var node = tags[i].childNodes[1];
      if (node && node.nodeType === 3 && node.data === ": ") {
        node.data = "：";
      }
    }
  }).observe(results, {childList: true, subtree: true});
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
