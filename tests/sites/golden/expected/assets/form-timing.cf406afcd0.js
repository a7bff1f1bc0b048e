// Optional: tells the server how long the form was open, a sign of a person rather than a bot.
// Without JavaScript nothing is lost: the absence of this value is never held against anyone.
(function () {
  var started = Date.now();
  document.querySelectorAll("form[data-timing]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var input = form.querySelector('input[name="_t"]') || document.createElement("input");
      input.type = "hidden";
      input.name = "_t";
      input.value = String(Math.round((Date.now() - started) / 1000));
      form.appendChild(input);
    });
  });
})();
