/* Resident site enhancements: "use my location", and the map (our own Leaflet, loaded only here).
 *
 * Without this script the search is a plain form and the results a list. Names put on the map
 * come from the page's text or the JSON as text (ApuMaps.markers uses textContent), never HTML.
 */
(function () {
  "use strict";

  function resultsUrl(base, lat, lon) {
    var url = new URL(base, window.location.href);
    var current = new URLSearchParams(window.location.search);
    ["offering", "language", "target_group", "step_free"].forEach(function (name) {
      if (current.get(name)) { url.searchParams.set(name, current.get(name)); }
    });
    url.searchParams.set("lat", lat.toFixed(5));
    url.searchParams.set("lon", lon.toFixed(5));
    return url.toString();
  }

  function setUpLocate() {
    var button = document.querySelector("[data-locate]");
    if (!button || !navigator.geolocation) { return; }
    var box = button.parentNode;
    var status = box.querySelector(".locate-status");
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-finding");
      navigator.geolocation.getCurrentPosition(function (position) {
        window.location.href = resultsUrl(button.getAttribute("data-results"),
          position.coords.latitude, position.coords.longitude);
      }, function () {
        status.textContent = button.getAttribute("data-denied");
      }, { timeout: 15000, maximumAge: 60000 });
    });
  }

  function load(tag, url) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      if (tag === "link") { node.rel = "stylesheet"; node.href = url; } else { node.src = url; }
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  function loadAssets(element) {
    var css = element.getAttribute("data-css").split(" ");
    var js = element.getAttribute("data-js").split(" ");
    return Promise.all(css.map(function (url) { return load("link", url); })).then(function () {
      return js.reduce(function (chain, url) {
        return chain.then(function () { return load("script", url); });
      }, Promise.resolve());
    });
  }

  function rowsFromList(selector) {
    return Array.prototype.map.call(document.querySelectorAll(selector), function (item) {
      var link = item.querySelector("h3 a");
      var when = item.querySelector(".when strong");
      var status = item.getAttribute("data-status") || "open";
      return {
        la: parseFloat(item.getAttribute("data-lat")), lo: parseFloat(item.getAttribute("data-lon")),
        c: status, t: status === "open" ? "\u2713" : (status === "standby" ? "\u2016" : "!"),
        n: link ? link.textContent : "", d: when ? when.textContent : "",
        u: link ? link.getAttribute("href") : ""
      };
    });
  }

  function drawMap(element, rows, linkText, labels) {
    var map = L.map(element, { keyboard: true, zoomControl: true });
    var tiles = element.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: element.getAttribute("data-attribution") })
        .addTo(map);
    } else {
      map.attributionControl.addAttribution(element.getAttribute("data-attribution"));
    }
    var group = window.ApuMaps.markers(rows, { labels: labels || [], linkText: linkText });
    group.addTo(map);
    var here = element.getAttribute("data-here");
    var bounds = group.getBounds();
    if (here) {
      var parts = here.split(",").map(Number);
      window.ApuMaps.markers([{ la: parts[0], lo: parts[1], c: "place", t: "\u2022",
        n: element.getAttribute("data-here-label") }]).addTo(map);
      bounds = rows.length ? bounds.extend(parts) : L.latLngBounds([parts, parts]);
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
    } else {
      map.setView([65.01, 25.47], 11);
    }
    var click = element.getAttribute("data-click");
    if (click) {
      map.on("click", function (event) {
        window.location.href = resultsUrl(click, event.latlng.lat, event.latlng.lng);
      });
    }
    element.setAttribute("data-ready", String(rows.length));
  }

  function setUpMap() {
    var element = document.getElementById("resident-map");
    if (!element || !window.Promise || !window.fetch) { return; }
    var box = element.closest("[data-map-box]");
    box.hidden = false;
    var pointsUrl = element.getAttribute("data-points");
    var data = pointsUrl
      ? fetch(pointsUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); })
      : Promise.resolve({ points: rowsFromList(element.getAttribute("data-list")), labels: [],
                          link: element.getAttribute("data-link") });
    Promise.all([loadAssets(element), data]).then(function (done) {
      drawMap(element, done[1].points, done[1].link, done[1].labels);
    }).catch(function () { box.hidden = true; });
  }

  function start() {
    setUpLocate();
    setUpMap();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
