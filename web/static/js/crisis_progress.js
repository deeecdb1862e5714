/* Progress page: poll the JSON every 2.5 s and update the counts; the page works without it. */
(function () {
  "use strict";
  var section = document.getElementById("progress");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-url");
  var summary = document.getElementById("progress-summary");
  function templateText(id) {
    var element = document.getElementById(id);
    return element.content ? element.content.textContent : element.textContent;
  }
  var summaryTemplate = templateText("summary-template");
  var secondsTemplate = templateText("seconds-template");

  // The templates carry {name} marks where the numbers go.
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, name) {
      return String(values[name] === undefined || values[name] === null ? "" : values[name]);
    });
  }

  function show(data) {
    Object.keys(data.counts).forEach(function (channel) {
      Object.keys(data.counts[channel]).forEach(function (status) {
        var cell = section.querySelector('[data-count="' + channel + "." + status + '"]');
        if (cell) { cell.textContent = data.counts[channel][status]; }
      });
    });
    Object.keys(data.totals).forEach(function (status) {
      var cell = section.querySelector('[data-count="total.' + status + '"]');
      if (cell) { cell.textContent = data.totals[status]; }
    });
    Object.keys(data.timing).forEach(function (phase) {
      ["first_s", "last_s"].forEach(function (key) {
        var cell = section.querySelector('[data-time="' + phase + "." + key + '"]');
        var value = data.timing[phase][key];
        if (cell) { cell.textContent = value === null ? "—" : fill(secondsTemplate, {s: value}); }
      });
    });
    var text = fill(summaryTemplate, {
      sent: data.totals.sent, queued: data.totals.queued, scheduled: data.scheduled,
      sending: data.totals.sending, failed: data.totals.failed,
      cancelled: data.totals.cancelled || 0
    });
    // Only a changed sentence is announced by screen readers.
    if (summary.textContent !== text) { summary.textContent = text; }
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { show(data); } })
      .catch(function () { /* keep the last numbers; try again on the next tick */ })
      .then(function () { window.setTimeout(poll, 2500); });
  }
  window.setTimeout(poll, 2500);
}());
