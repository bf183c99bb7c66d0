// Troupe's only script of its own: small enhancements; every page works without it.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // A <select data-autosubmit> submits its form when changed (language, RACI cells, filters).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit();
    }
  });

  // <button data-copy="#id"> copies the text of the element #id (invite links, tokens).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var label = button.getAttribute("data-copied") || "Copied";
      button.textContent = label;
    });
  });

  // Campaign board: drag a card onto a column to change its status. The card's own
  // form (a status select and a button) does the work, so keyboards and no-JS still can.
  function setupBoard(root) {
    root.querySelectorAll(".board-card[draggable=true]").forEach(function (card) {
      card.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", card.id);
        event.dataTransfer.effectAllowed = "move";
      });
    });
    root.querySelectorAll(".column[data-status]").forEach(function (column) {
      column.addEventListener("dragover", function (event) {
        event.preventDefault();
        column.classList.add("drop-target");
      });
      column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        column.classList.remove("drop-target");
        var card = document.getElementById(event.dataTransfer.getData("text/plain"));
        if (!card) return;
        var select = card.querySelector("select[name=status]");
        if (!select || select.value === column.getAttribute("data-status")) return;
        select.value = column.getAttribute("data-status");
        select.form.requestSubmit();
      });
    });
  }

  // Metric page: draw the series (numbers come from a JSON block, never inline script).
  // Times are shown in the workspace's time zone (`data.timezone`), not the browser's.
  var PALETTE = ["#4f46e5", "#db2777", "#059669", "#d97706", "#0891b2", "#7c3aed", "#dc2626"];
  function drawCharts(root) {
    root.querySelectorAll("[data-chart]").forEach(function (holder) {
      if (holder.dataset.drawn || typeof uPlot === "undefined") return;
      var source = document.getElementById(holder.getAttribute("data-chart"));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var xs = data.points.map(function (p) { return Date.parse(p.start) / 1000; });
      var lines = data.channels && data.channels.length ? data.channels : [{ label: data.label, points: data.points }];
      var series = [{}];
      var columns = [xs];
      lines.forEach(function (line, index) {
        var colour = PALETTE[index % PALETTE.length];
        series.push({ label: line.label, stroke: colour, width: 2, fill: lines.length === 1 ? "rgba(79,70,229,0.08)" : undefined, spanGaps: false });
        columns.push(line.points.map(function (p) { return p.value; }));
      });
      var width = Math.max(320, holder.clientWidth - 16);
      holder.dataset.drawn = "1";
      var options = {
        width: width,
        height: 280,
        series: series,
        axes: [{}, { size: 80 }],
        scales: { x: { time: true } },
      };
      if (data.timezone) {
        options.tzDate = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), data.timezone); };
      }
      new uPlot(options, columns, holder);
    });
  }

  // Destructive forms ask first: <form data-confirm="Delete this datapoint?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }, true);

  function enhance(root) {
    setupBoard(root);
    drawCharts(root);
  }

  onReady(function () { enhance(document); });
  document.addEventListener("htmx:after:swap", function (event) {
    enhance(event.target || document);
  });
})();
