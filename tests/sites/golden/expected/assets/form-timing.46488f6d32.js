// Optional: tells the server how long the form has been open, a sign of a person rather than
// a bot. The start time survives the page shown again with errors (sessionStorage), so a
// resident who corrects one answer quickly is not mistaken for a script. Without JavaScript
// nothing is lost: the absence of this value is never held against anyone.
//
// It also marks this page load with a random token. Sent twice from one page (Send pressed
// twice, a post resent after a lost answer) the answers carry the same token and become one
// case; another person's page load has another token, so two pupils who answer a survey
// alike from one school's network are two answers.
(function () {
  var now = Date.now();
  var token = "";
  try {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    token = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join("");
  } catch (e) {
    // No crypto: the server falls back to what it does without JavaScript.
  }
  function hidden(form, name, value) {
    var input = form.querySelector('input[name="' + name + '"]') || document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
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
      hidden(form, "_t", String(Math.round((Date.now() - started) / 1000)));
      if (token) {
        hidden(form, "_p", token);
      }
    });
  });
})();
