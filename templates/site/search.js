// Search page: Pagefind's UI over the index in ./pagefind/, found relative to this page so that the
// site works under any sub-path. A query in ?q= (from the home page's form) is searched at once.
(function () {
  "use strict";
  var base = new URL(".", document.baseURI).pathname;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: base + "pagefind/",
    baseUrl: base,
    showImages: false,
    showSubResults: false,
    resetStyles: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
