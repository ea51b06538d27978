/* Walk-in intake. Without this script both steps work the same; it only saves keystrokes and
   keeps what is shown true. No library.

   Step 1: the procedure results are a radio group (the WAI-ARIA radio group pattern, which
   the browser's radios follow): the page checks and focuses the best match, the arrow keys
   check another, so the focused result is the chosen one. Enter on a result that has the
   focus without being checked (after a click beside it) checks it first: Enter always creates
   the dossier with the focused result. The agencies listed are those of the procedure checked
   when the page was made (`data-for`); choosing another procedure hides them and says so (the
   server sets them aside as well and takes the new procedure's default).

   Step 2: choosing a copy kind or a scan for a component ticks it as handed in, so the officer
   does not press Space as well. */
(function () {
  "use strict";

  var start = document.getElementById("form-start");
  if (start) {
    start.addEventListener("keydown", function (event) {
      var field = event.target;
      if (event.key === "Enter" && field.type === "radio" && field.name === "procedure") {
        field.checked = true;
      }
    });
    var agencies = document.getElementById("intake-agencies");
    var note = document.getElementById("intake-agencies-note");
    if (agencies && note) {
      var sync = function () {
        var chosen = start.querySelector('input[name="procedure"]:checked');
        var same = !chosen || chosen.value === agencies.dataset.for;
        agencies.hidden = !same;
        agencies.querySelectorAll("input").forEach(function (input) {
          input.disabled = !same;
        });
        var text = same ? "" : note.dataset.changed;
        if (note.textContent !== text) {
          note.textContent = text;
        }
      };
      start.addEventListener("change", function (event) {
        if (event.target.name === "procedure") {
          sync();
        }
      });
      window.addEventListener("pageshow", sync); // a form restored by the Back button
    }
  }

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
