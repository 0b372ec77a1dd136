// Shows "EUR 12.000 van EUR 50.000 gekozen" while a resident ticks proposals.
// The ballot works without it: the server checks every rule.
(function () {
  "use strict";
  var form = document.querySelector("form.stembiljet");
  var meter = document.getElementById("meter");
  if (!form || !meter) { return; }
  var max = parseInt(form.getAttribute("data-max"), 10);
  var boxes = form.querySelectorAll("input[name=keuze]");
  function euro(n) { return "\u20ac " + n.toLocaleString("nl-NL"); }
  function update() {
    var total = 0;
    boxes.forEach(function (box) { if (box.checked) { total += parseInt(box.getAttribute("data-cost"), 10); } });
    meter.textContent = max ? euro(total) + " van " + euro(max) + " gekozen" : euro(total) + " gekozen";
    if (max && total > max) { meter.textContent += ": dat is te veel"; }
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  meter.hidden = false;
  update();
})();
