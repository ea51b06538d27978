/* Walk-in intake, step 2: choosing a copy kind or a scan for a component ticks it as handed
   in, so the officer does not press Space as well. Without this script the form works the
   same (the officer ticks the box). No library. */
(function () {
  "use strict";

  var form = document.getElementById("form-intake");
  if (!form) {
    return;
  }
  form.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.dataset.component || field.name === "nhan") {
      return;
    }
    if (field.type === "file" && !field.files.length) {
      return;
    }
    var box = document.getElementById("nhan-" + field.dataset.component);
    if (box) {
      box.checked = true;
    }
  });
})();
