// Live parts of the console that htmx does not cover: tables that follow
// the bus through server-sent events. A table body with data-stream
// receives each "row" event as a new first row; rows past 500 are dropped.
(function () {
  "use strict";
  var maxRows = 500;

  function follow(tbody) {
    if (tbody.dataset.following) {
      return;
    }
    tbody.dataset.following = "1";
    var source = new EventSource(tbody.dataset.stream);
    source.addEventListener("row", function (e) {
      tbody.insertAdjacentHTML("afterbegin", e.data);
      while (tbody.rows.length > maxRows) {
        tbody.deleteRow(tbody.rows.length - 1);
      }
      document.querySelectorAll("[data-count-for]").forEach(function (el) {
        el.textContent = tbody.rows.length + " shown";
      });
    });
    // A stream whose table left the page is closed.
    var watch = new MutationObserver(function () {
      if (!document.body.contains(tbody)) {
        source.close();
        watch.disconnect();
      }
    });
    watch.observe(document.body, { childList: true, subtree: true });
  }

  function scan(root) {
    root.querySelectorAll("tbody[data-stream]").forEach(follow);
  }

  htmx.onLoad(scan);
})();
