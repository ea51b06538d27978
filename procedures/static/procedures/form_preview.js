/* The catalog admin's declaration form: the preview follows the definition as it is typed.
   Without this script the preview shows the saved definition (and its problems on save). */
(function () {
  "use strict";
  var box = document.querySelector("[data-form-preview]");
  var source = document.querySelector("textarea[name='form']");
  if (!box || !source || !window.fetch) return;
  var url = box.getAttribute("data-form-preview");
  var token = document.querySelector("input[name='csrfmiddlewaretoken']");
  var timer = null;
  var status = box.querySelector("[data-form-preview-status]");
  function refresh() {
    if (status) status.textContent = box.getAttribute("data-checking");
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      body: source.value,
      credentials: "same-origin",
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var body = box.querySelector("[data-form-preview-body]");
        if (body) body.outerHTML = html;
        if (status) status.textContent = "";
      })
      .catch(function () { if (status) status.textContent = ""; });
  }
  source.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 600);
  });
})();
