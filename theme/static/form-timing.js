// Optional: tells the server how long the form has been open, a sign of a person rather than
// a bot. The start time survives the page shown again with errors (sessionStorage), so a
// resident who corrects one answer quickly is not mistaken for a script. Without JavaScript
// nothing is lost: the absence of this value is never held against anyone.
(function () {
  var now = Date.now();
  document.querySelectorAll("form[data-timing]").forEach(function (form) {
    var key = "form-started:" + form.id;
    var started = now;
    try {
      started = Number(sessionStorage.getItem(key)) || now;
      sessionStorage.setItem(key, String(started));
    } catch (e) {
      // Storage may be blocked; timing from this page load is still a fair signal.
    }
    form.addEventListener("submit", function () {
      var input = form.querySelector('input[name="_t"]') || document.createElement("input");
      input.type = "hidden";
      input.name = "_t";
      input.value = String(Math.round((Date.now() - started) / 1000));
      form.appendChild(input);
    });
  });
})();
