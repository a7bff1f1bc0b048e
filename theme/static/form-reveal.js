// Optional: shows a question that depends on an earlier answer only once that answer is
// chosen, in place, directly below it (GOV.UK's "conditionally revealing a related question").
// Without JavaScript every question is shown and its hint says when it applies; the server
// ignores the answer to a question whose condition does not hold, whatever is posted.
//
// The page marks each choice that reveals something with data-aria-controls (the ids of the
// blocks it reveals). This script promotes that to aria-controls, hides each block whose
// choices are all unchosen with a class (the site's policy forbids style attributes), and
// keeps blocks and aria-expanded in step with the answers. aria-expanded goes on checkboxes
// only: ARIA does not allow it on radios (axe-core reports it), and select has its own
// meaning for it (an open list).
(function () {
  var HIDDEN = "form-conditional--hidden";

  function chosen(control) {
    return control.tagName === "OPTION" ? control.selected : control.checked;
  }

  document.querySelectorAll("form.form").forEach(function (form) {
    var controls = Array.prototype.slice.call(form.querySelectorAll("[data-aria-controls]"));
    if (!controls.length) {
      return;
    }
    var blocks = {}; // block id -> the choices that reveal it
    controls.forEach(function (control) {
      var ids = control.getAttribute("data-aria-controls").split(" ").filter(function (id) {
        return document.getElementById(id);
      });
      control.removeAttribute("data-aria-controls");
      ids.forEach(function (id) {
        (blocks[id] = blocks[id] || []).push(control);
      });
      var owner = control.tagName === "OPTION" ? control.closest("select") : control;
      var known = (owner.getAttribute("aria-controls") || "").split(" ").filter(Boolean);
      ids.forEach(function (id) {
        if (known.indexOf(id) < 0) {
          known.push(id);
        }
      });
      owner.setAttribute("aria-controls", known.join(" "));
    });

    function sync() {
      Object.keys(blocks).forEach(function (id) {
        var shown = blocks[id].some(chosen);
        document.getElementById(id).classList.toggle(HIDDEN, !shown);
      });
      controls.forEach(function (control) {
        if (control.type === "checkbox") {
          control.setAttribute("aria-expanded", String(control.checked));
        }
      });
    }

    form.addEventListener("change", sync);
    // A page restored from the back/forward cache gets its answers back after the script ran.
    window.addEventListener("pageshow", sync);
    sync();
  });
})();
