// VM Portal page behaviour. Loaded with `defer` from the layout; no inline
// scripts anywhere, so the Content-Security-Policy can forbid them.
(function () {
  "use strict";

  // Ask for confirmation before submitting forms marked data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
