/* Applying online: uploads with a progress bar, and no double submission.
   Without this script every form still works: each component's upload form is a plain
   multipart POST and the page comes back with the new list. With it, the files go by
   XMLHttpRequest (for its upload progress), a status line says what happens (aria-live),
   and the component's list is replaced by the server's new one. No library. */
(function () {
  "use strict";

  var messages = {
    vi: {
      uploading: "Đang tải lên… {p}%",
      processing: "Đang kiểm tra tệp…",
      failed: "Không tải lên được. Vui lòng thử lại.",
      choose: "Chưa chọn tệp.",
      unsaved: "Chưa tự động lưu được; hãy bấm “Lưu bản nháp” trước khi rời trang."
    },
    en: {
      uploading: "Uploading… {p}%",
      processing: "Checking the file…",
      failed: "The upload failed. Please try again.",
      choose: "No file chosen.",
      unsaved: "Could not save automatically; press “Save draft” before leaving the page."
    }
  };
  var lang = (document.documentElement.lang || "vi").slice(0, 2);
  var text = messages[lang] || messages.vi;

  function setStatus(status, message, isError) {
    status.textContent = message;
    status.classList.toggle("upload__status--error", Boolean(isError));
  }

  function enhanceUpload(form) {
    var input = form.querySelector('input[type="file"]');
    var progressBox = form.querySelector("[data-progress]");
    var progress = progressBox && progressBox.querySelector("progress");
    var status = form.querySelector("[data-status]");
    var button = form.querySelector('button[type="submit"]');
    var list = document.querySelector('[data-files-for="' + form.getAttribute("data-upload") + '"]');
    if (!input || !status || !list || !window.FormData) {
      return;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!input.files || input.files.length === 0) {
        setStatus(status, text.choose, true);
        input.focus();
        return;
      }
      var data = new FormData(form);
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      request.setRequestHeader("Accept", "application/json");
      button.disabled = true;
      if (progressBox) {
        progressBox.hidden = false;
        progress.value = 0;
      }
      setStatus(status, text.uploading.replace("{p}", "0"), false);

      var lastAnnounced = 0;
      request.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) {
          return;
        }
        var percent = Math.round((e.loaded / e.total) * 100);
        if (progress) {
          progress.value = percent;
        }
        // Announce in steps of 25% so screen readers are not flooded.
        if (percent - lastAnnounced >= 25 || percent === 100) {
          lastAnnounced = percent;
          setStatus(status, percent === 100 ? text.processing : text.uploading.replace("{p}", percent), false);
        }
      });

      request.addEventListener("load", function () {
        var answer = null;
        try {
          answer = JSON.parse(request.responseText);
        } catch (ignored) {
          answer = null;
        }
        button.disabled = false;
        if (progressBox) {
          progressBox.hidden = true;
        }
        if (!answer) {
          setStatus(status, text.failed, true);
          return;
        }
        if (typeof answer.html === "string") {
          list.innerHTML = answer.html;
        }
        var parts = [];
        if (answer.message) {
          parts.push(answer.message);
        }
        if (answer.errors && answer.errors.length) {
          parts = parts.concat(answer.errors);
        }
        setStatus(status, parts.join(" "), !answer.ok);
        if (answer.ok) {
          form.reset();
        }
      });

      request.addEventListener("error", function () {
        button.disabled = false;
        if (progressBox) {
          progressBox.hidden = true;
        }
        setStatus(status, text.failed, true);
      });

      request.send(data);
    });
  }

  // Forms that create or send something: a second click while the first is on its way
  // does nothing (the server answers a repeat the same way anyway).
  function sendOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
    });
  }

  // The draft's typed fields are saved as the applicant goes (a second after the last
  // change, and when a field is left); leaving the page with changes not yet saved asks first.
  function autosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var stamp = form.querySelector('input[name="updated_at"]');
    if (!status || !stamp || !window.fetch || !window.FormData) {
      return;
    }
    var timer = null;
    var dirty = false;
    var sending = false;
    var again = false;

    function save() {
      timer = null;
      if (!dirty) {
        return;
      }
      if (sending) {
        again = true;
        return;
      }
      sending = true;
      dirty = false;
      var data = new FormData(form);
      data.delete("then");
      fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Autosave": "1", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (answer.ok) {
            stamp.value = answer.updated_at;
            status.textContent = answer.message;
            status.classList.remove("autosave-status--error");
          } else {
            dirty = true; // not saved: keep asking before leaving
            status.textContent = answer.message || (answer.errors || []).join(" ");
            status.classList.add("autosave-status--error");
          }
        });
      }).catch(function () {
        dirty = true;
        status.textContent = text.unsaved;
        status.classList.add("autosave-status--error");
      }).then(function () {
        sending = false;
        if (submitter) {
          var button = submitter === form ? undefined : submitter;
          submitter = null;
          form.requestSubmit(button);
        } else if (again) {
          again = false;
          save();
        }
      });
    }

    function changed() {
      dirty = true;
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(save, 1000);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("focusout", function () {
      if (dirty) {
        save();
      }
    });
    var submitter = null;
    form.addEventListener("submit", function (event) {
      if (sending) {
        // An automatic save is on its way: send the form once it is back (with its stamp).
        event.preventDefault();
        submitter = event.submitter || form;
        return;
      }
      dirty = false; // the form itself saves now
      if (timer) {
        window.clearTimeout(timer);
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty || sending) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(autosave);
  document.querySelectorAll("form[data-upload]").forEach(enhanceUpload);
  document.querySelectorAll("form[data-once]").forEach(sendOnce);
  // Coming back to the page from the browser's history: the forms may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.removeAttribute("data-sending");
    });
  });
})();
