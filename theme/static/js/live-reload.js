// Preview only (make serve): reload the page when the site has been rebuilt.
(function () {
  "use strict";
  var seen = null;
  function poll() {
    fetch("/__casebook__/build", { cache: "no-store" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (build) {
      if (build === null) return;
      if (seen !== null && build !== seen) window.location.reload();
      seen = build;
    }).catch(function () {}).then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
