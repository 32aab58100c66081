// Value-network graph: hover (or focus) a node to highlight its exchanges; click or Enter opens the organisation.
(function () {
  "use strict";
  function highlight(svg, node, on) {
    svg.querySelectorAll("line[data-from]").forEach(function (line) {
      var touches = line.dataset.from === node || line.dataset.to === node;
      line.classList.toggle("dim", on && !touches);
      line.classList.toggle("lit", on && touches);
    });
  }
  document.querySelectorAll("svg.network-graph").forEach(function (svg) {
    svg.querySelectorAll("g.node").forEach(function (g) {
      var node = g.dataset.node;
      ["mouseenter", "focus"].forEach(function (e) { g.addEventListener(e, function () { highlight(svg, node, true); }); });
      ["mouseleave", "blur"].forEach(function (e) { g.addEventListener(e, function () { highlight(svg, node, false); }); });
      g.addEventListener("click", function () { window.location.href = g.dataset.href; });
      g.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { window.location.href = g.dataset.href; }
      });
    });
  });
})();
