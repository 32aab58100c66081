// The allocation map: plots coloured by tenant, flows drawn between tenants, from the run's JSON endpoint.
(function () {
  "use strict";
  var element = document.getElementById("allocation-map");
  if (!element || typeof L === "undefined") { return; }
  var map = L.map(element);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" }).addTo(map);
  }
  var palette = ["#e63946", "#457b9d", "#2a9d8f", "#e9c46a", "#f4a261", "#6a4c93", "#1982c4", "#8ac926", "#ff595e", "#6d597a"];
  var escape = function (text) {
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  };
  fetch(element.dataset.source, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var plots = L.geoJSON(data.plots, {
        style: function (feature) {
          var id = feature.properties.tenant_id;
          var colour = id == null ? "#bbbbbb" : palette[id % palette.length];
          return { color: colour, weight: 1, fillColor: colour, fillOpacity: id == null ? 0.15 : 0.6 };
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindPopup("<strong>" + escape(p.name) + "</strong> (" + escape(p.zoning) + ")<br>" + escape(p.tenant || element.dataset.labelFree || "free"));
        }
      });
      // The view first: Leaflet cannot draw a layer on a map that has no centre yet.
      var bounds = plots.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds.pad(0.1)); } else { map.setView([61.5, 23.7], 12); }
      plots.addTo(map);
      var maxTonnes = 1;
      data.flows.forEach(function (flow) { maxTonnes = Math.max(maxTonnes, flow.tonnes_per_year); });
      data.flows.forEach(function (flow) {
        L.polyline([[flow.from[1], flow.from[0]], [flow.to[1], flow.to[0]]], {
          color: "#d62828", weight: 2 + 6 * flow.tonnes_per_year / maxTonnes, opacity: 0.8
        }).bindPopup(escape(Math.round(flow.tonnes_per_year)) + " t/a · " + escape(flow.mode)).addTo(map);
      });
      element.dataset.loaded = String(data.plots.features.length);
    });
}());
