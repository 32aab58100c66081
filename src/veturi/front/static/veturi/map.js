// The park map: zones, plots coloured by status, sites and infrastructure, from one JSON endpoint.
(function () {
  "use strict";
  var element = document.getElementById("park-map");
  if (!element || typeof L === "undefined") { return; }
  var label = function (name) { return element.dataset["label" + name] || name; };
  var map = L.map(element, { preferCanvas: false });
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" }).addTo(map);
  }
  var statusColours = { available: "#2e9d5b", reserved: "#e0a100", leased: "#3b6fb6", sold: "#7a4fa3" };
  var escape = function (text) {
    var span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  };

  fetch(element.dataset.source, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var zones = L.geoJSON(data.zones, {
        style: { color: "#1d3557", weight: 2, fillOpacity: 0.05, dashArray: "6 4" },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindPopup("<strong>" + escape(p.name) + "</strong><br>" + escape(p.municipality) + "<br>" + escape(label("Area")) + ": " + escape(p.area_ha) + " ha");
        }
      });
      var plots = L.geoJSON(data.plots, {
        style: function (feature) {
          var colour = statusColours[feature.properties.status] || "#666";
          return { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.45 };
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          var html = "<strong>" + escape(p.name) + "</strong><br>" + escape(p.zoning) + " · " + escape(p.status_label) +
            "<br>" + escape(label("Area")) + ": " + escape(p.area_ha) + " ha";
          if (p.price != null) { html += "<br>" + escape(label("Price")) + ": " + escape(p.price) + " €/m²"; }
          if (p.utilities && p.utilities.length) { html += "<br>" + p.utilities.map(escape).join("<br>"); }
          layer.bindPopup(html);
        }
      });
      var sites = L.geoJSON(data.sites, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#d62828", weight: 2, fillOpacity: feature.properties.status === "planned" ? 0.1 : 0.8 });
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindPopup("<a href=\"" + escape(p.url) + "\">" + escape(p.organisation) + "</a><br>" + escape(p.name));
        }
      });
      var infrastructure = L.geoJSON(data.infrastructure, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 8, color: "#023047", weight: 3, fillColor: "#ffb703", fillOpacity: 0.9 });
        },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindPopup("<strong>" + escape(p.name) + "</strong><br>" + escape(p.kind) + "<br>" + escape(p.capacity));
        }
      });
      [zones, plots, sites, infrastructure].forEach(function (layer) { layer.addTo(map); });
      var overlays = {};
      overlays[label("Zones")] = zones;
      overlays[label("Plots")] = plots;
      overlays[label("Sites")] = sites;
      overlays[label("Infrastructure")] = infrastructure;
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
      var bounds = zones.getBounds();
      if (!bounds.isValid()) { bounds = L.featureGroup([plots, sites, infrastructure]).getBounds(); }
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20] }); } else { map.setView([61.52, 23.75], 10); }
      element.dataset.loaded = String(data.zones.features.length + data.plots.features.length + data.sites.features.length);
    })
    .catch(function (error) {
      element.dataset.error = String(error);
      element.textContent = String(error);
    });
})();
