// Optional: results as you type, on the results page and on /sok/. Without JavaScript the
// box is a plain GET form and the server answers with the same results page.
//
// After a pause in typing, the script asks the same endpoint for the same results as an HTML
// fragment (fragment=1) and puts them in place of the results region. Focus stays in the box;
// the count is announced politely through the page's status line (role="status"), never the
// whole list. Only on the site's own origin: the site's policy allows fetches to 'self' only,
// and an endpoint elsewhere would need CORS; there the form simply submits.
(function () {
  var DELAY = 300; // ms after the last keystroke
  var MIN_LENGTH = 2;
  var region = document.getElementById("search-results");
  var form = document.querySelector("main form[role=search]");
  if (!region || !form || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var heading = document.getElementById("search-heading");
  var action = new URL(form.getAttribute("action"), location.href);
  if (!input || action.origin !== location.origin) {
    return;
  }
  var onResultsPage = location.pathname === action.pathname;
  var timer = null;
  var asked = 0; // the newest request; older answers arriving late are dropped
  var shown = input.value.trim();
  var pending = null;

  function show(fresh, pageUrl) {
    region.parentNode.replaceChild(fresh, region);
    region = fresh;
    if (heading && fresh.getAttribute("data-heading")) {
      heading.textContent = fresh.getAttribute("data-heading");
    }
    if (onResultsPage) {
      document.title = fresh.getAttribute("data-title");
      // Reload, back and a shared address give the same results, now without the script.
      history.replaceState(null, "", pageUrl);
    }
    if (status) {
      status.textContent = fresh.getAttribute("data-status") || "";
    }
  }

  function update() {
    var query = input.value.trim();
    if (query === shown || query.length < MIN_LENGTH) {
      return;
    }
    shown = query;
    var data = new URLSearchParams(new FormData(form));
    var pageUrl = action.pathname + "?" + data.toString();
    data.set("fragment", "1");
    var id = ++asked;
    if (pending) {
      pending.abort();
    }
    pending = window.AbortController ? new AbortController() : null;
    fetch(action.pathname + "?" + data.toString(), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: pending ? pending.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (id !== asked) {
          return;
        }
        // Parsed inert (no script runs), then moved in; the server escaped every text.
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var fresh = parsed.getElementById("search-results");
        if (fresh) {
          show(document.adoptNode(fresh), pageUrl);
        }
      })
      .catch(function () {
        // Offline, too many requests, aborted: what is shown stays; Enter still submits.
        if (id === asked) {
          shown = null;
        }
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, DELAY);
  });
})();
