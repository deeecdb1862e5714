/* Apuverkko map layers for Leaflet: markers from one data array, uncovered cells on canvas.
 *
 * geo/maps.py writes the data; this file draws it. Every text that came from a user (a point's
 * name, a worker's name) is put in the page with textContent or as a DOM property, never as
 * HTML, so a name like <img src=x onerror=...> shows as text.
 */
(function () {
  "use strict";

  var maps = {};

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value == null ? "" : String(value);
    if (className) { node.className = className; }
    return node;
  }

  function cssToken(value) {
    return String(value || "").replace(/[^a-z0-9_-]/gi, "");
  }

  /* The popup of a marker: title, then label/value pairs as a description list. */
  function popupContent(row, labels, linkText) {
    var box = document.createElement("div");
    box.className = "apu-popup";
    box.appendChild(text("strong", row.n, "apu-popup-title"));
    if (row.f && row.f.length) {
      var list = document.createElement("dl");
      row.f.forEach(function (pair) {
        list.appendChild(text("dt", labels[pair[0]]));
        list.appendChild(text("dd", pair[1]));
      });
      box.appendChild(list);
    }
    if (row.u && /^\/[^\/]/.test(row.u) && linkText) {
      var link = text("a", linkText);
      link.href = row.u;
      box.appendChild(link);
    }
    return box;
  }

  /* Markers from rows {la, lo, c: css class, t: letter, n: name, d: description, f: fields,
   * r: circle radius (m), u: link to a page of this site}.
   * The letter and the shape (by class) say the same as the colour, so colour is never the
   * only signal. */
  function markers(rows, options) {
    options = options || {};
    var labels = options.labels || [];
    var group = options.cluster && L.markerClusterGroup
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 })
      : L.featureGroup();
    rows.forEach(function (row) {
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = row.t || "";
      var icon = L.divIcon({
        className: "apu-marker apu-marker-" + cssToken(row.c),
        html: mark, iconSize: [28, 28], iconAnchor: [14, 14], popupAnchor: [0, -12]
      });
      var title = row.d ? row.n + " – " + row.d : row.n;
      var marker = L.marker([row.la, row.lo], { icon: icon, title: title, keyboard: true });
      marker.on("add", function () {
        var element = marker.getElement();
        if (element) { element.setAttribute("aria-label", title); }
      });
      marker.bindPopup(function () { return popupContent(row, labels, options.linkText); });
      if (row.r) {
        group.addLayer(L.circle([row.la, row.lo], {
          radius: row.r, weight: 2, dashArray: "6 4", color: "#3a2a80", fill: false,
          interactive: false
        }));
      }
      group.addLayer(marker);
    });
    return group;
  }

  function metresPerPixel(lat, zoom) {
    return 40075016.686 * Math.cos(lat * Math.PI / 180) / Math.pow(2, zoom + 8);
  }

  /* Uncovered cells as one canvas layer: data {lat, lon (×1e5), pop, dist (×100 m),
   * size (m, or null for points), breaks, colours}. Clicking near a cell tells its numbers. */
  function cells(data, options) {
    options = options || {};
    var n = data.pop.length;
    var lat = new Float64Array(n), lon = new Float64Array(n);
    for (var i = 0; i < n; i++) { lat[i] = data.lat[i] / 1e5; lon[i] = data.lon[i] / 1e5; }

    function colour(pop) {
      var k = 0;
      while (k < data.breaks.length && pop >= data.breaks[k]) { k++; }
      return data.colours[Math.min(k, data.colours.length - 1)];
    }

    var Layer = L.GridLayer.extend({
      createTile: function (coords) {
        var tile = document.createElement("canvas");
        var size = this.getTileSize();
        tile.width = size.x; tile.height = size.y;
        var ctx = tile.getContext("2d");
        var map = this._map, zoom = coords.z;
        var origin = coords.scaleBy(size);
        var nw = map.unproject(origin, zoom), se = map.unproject(origin.add(size), zoom);
        var pad = ((data.size || 0) / 111000) + 0.05;
        var padLon = pad * 3;
        for (var j = 0; j < n; j++) {
          if (lat[j] > nw.lat + pad || lat[j] < se.lat - pad ||
              lon[j] < nw.lng - padLon || lon[j] > se.lng + padLon) { continue; }
          var p = map.project([lat[j], lon[j]], zoom).subtract(origin);
          ctx.fillStyle = colour(data.pop[j]);
          if (data.size) {
            var side = Math.max(2, data.size / metresPerPixel(lat[j], zoom));
            ctx.fillRect(p.x - side / 2, p.y - side / 2, side, side);
          } else {
            // Population points (no cell size): the area grows with the people.
            ctx.beginPath();
            ctx.arc(p.x, p.y, Math.max(4, Math.min(24, Math.sqrt(data.pop[j]) / 5)), 0,
                    2 * Math.PI);
            ctx.fill();
          }
        }
        return tile;
      }
    });
    var layer = new Layer({ opacity: options.opacity || 0.75, zIndex: 300 });
    layer.on("add", function () {
      var map = layer._map;
      map.on("click", function (event) {
        if (!map.hasLayer(layer)) { return; }
        var best = -1, bestDistance = Infinity;
        var limit = Math.max(data.size || 0, 16 * metresPerPixel(event.latlng.lat, map.getZoom()));
        for (var k = 0; k < n; k++) {
          var d = map.distance(event.latlng, [lat[k], lon[k]]);
          if (d < bestDistance) { bestDistance = d; best = k; }
        }
        if (best < 0 || bestDistance > limit) { return; }
        var box = document.createElement("div");
        box.className = "apu-popup";
        box.appendChild(text("strong", options.title || ""));
        var list = document.createElement("dl");
        list.appendChild(text("dt", options.populationLabel || ""));
        list.appendChild(text("dd", String(data.pop[best])));
        if (data.dist) {
          list.appendChild(text("dt", options.distanceLabel || ""));
          var km = data.dist[best] < 0 ? "–" : (data.dist[best] / 10).toFixed(1) + " km";
          list.appendChild(text("dd", km));
        }
        box.appendChild(list);
        L.popup().setLatLng([lat[best], lon[best]]).setContent(box).openOn(map);
      });
    });
    return layer;
  }

  /* Links with data-map-zoom="lat,lon,zoom" move the page's map there. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-map-zoom]") : null;
    if (!link) { return; }
    var target = maps[link.getAttribute("data-map")] || maps[Object.keys(maps)[0]];
    if (!target) { return; }
    var parts = link.getAttribute("data-map-zoom").split(",").map(Number);
    event.preventDefault();
    target.setView([parts[0], parts[1]], parts[2] || 14);
    var container = target.getContainer();
    container.scrollIntoView({ block: "center" });
    container.focus({ preventScroll: true });
  });

  window.ApuMaps = {
    markers: markers,
    cells: cells,
    register: function (id, map) { maps[id] = map; },
    get: function (id) { return maps[id]; }
  };
})();
