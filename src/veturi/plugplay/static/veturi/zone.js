// The public zone map: free plots with their zoning, area, price and utilities.
(function () {
  "use strict";
  var element = document.getElementById("zone-map");
  if (!element || typeof L === "undefined") { return; }
  var map = L.map(element);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" }).addTo(map);
  }
  var escape = function (text) {
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  };
  fetch(element.dataset.source)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var plots = L.geoJSON(data.plots, {
        style: { color: "#2e9d5b", weight: 1, fillColor: "#2e9d5b", fillOpacity: 0.45 },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          var html = "<strong>" + escape(p.name) + "</strong> (" + escape(p.zoning) + ")<br>" + escape(element.dataset.labelArea) + ": " + escape(p.area_ha) + " ha";
          if (p.price != null) { html += "<br>" + escape(element.dataset.labelPrice) + ": " + escape(p.price) + " €/m²"; }
          if (p.utilities.length) { html += "<br>" + p.utilities.map(escape).join("<br>"); }
          layer.bindPopup(html);
        }
      });
      // The view first: Leaflet cannot draw a layer on a map that has no centre yet.
      var bounds = plots.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds.pad(0.1)); } else { map.setView([61.5, 23.7], 12); }
      plots.addTo(map);
      element.dataset.loaded = String(data.plots.features.length);
    });
}());
