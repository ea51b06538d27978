/* The reception check: ticking or unticking a required component in the checklist unticks or
   ticks it among the missing items of the completion request (Mẫu 02), so the officer does not
   select it twice. Without this script the completion form comes prefilled by the server (the
   required components without a file) and every form works the same. No library. */
(function () {
  "use strict";

  var checklist = document.getElementById("form-receive");
  var completion = document.getElementById("form-completion");
  if (!checklist || !completion) {
    return;
  }
  checklist.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches('input[type="checkbox"][data-component]') || box.dataset.required !== "1") {
      return;
    }
    var missing = completion.querySelector(
      'input[type="checkbox"][name$="missing_components"][value="' + box.dataset.component + '"]'
    );
    if (missing) {
      missing.checked = !box.checked;
    }
  });
})();
