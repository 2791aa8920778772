/* Audience personalisation: the reader's choice ("Which best describes you?") is kept in
   localStorage and set as <html data-audience>, which CSS uses to show the matching variant
   of audience-specific blocks; a change is announced in the choice's status line (the text
   of the input's data-audience-announcement, from the template). Without JS (or storage)
   every variant stays visible. */
(function () {
  "use strict";
  var KEY = "guideline-audience";
  var KNOWN = ["clinician", "patient"];
  var root = document.documentElement;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return KNOWN.indexOf(value) >= 0 ? value : null;
    } catch {
      return null;
    }
  }

  function apply(value) {
    root.setAttribute("data-audience", value);
  }

  apply(stored() || "clinician");
  // Shows the choice from the first paint (CSS), so revealing it shifts no layout.
  root.classList.add("gl-js");

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("[data-audience-choice]");
    Array.prototype.forEach.call(forms, function (form) {
      var current = root.getAttribute("data-audience");
      Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (input) {
        input.checked = input.value === current;
        input.addEventListener("change", function () {
          if (!input.checked) return;
          apply(input.value);
          var live = form.querySelector("[data-audience-announce]");
          if (live) live.textContent = input.getAttribute("data-audience-announcement") || "";
          try {
            window.localStorage.setItem(KEY, input.value);
          } catch {
            /* storage unavailable: the choice lasts for this page only */
          }
        });
      });
    });
  });
})();
