// Troupe's only script of its own: small enhancements; every page works without it.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // A <select data-autosubmit> submits its form when changed (language, RACI cells, filters).
  // A choice made with the keyboard (arrow keys change a closed select's value at once) is
  // saved once, on Enter or when focus leaves it, not for every value passed through.
  var MOVING_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];

  function isAutosubmit(el) {
    return el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form;
  }

  function submitPending(el) {
    if (el.dataset.pending !== "1") return;
    delete el.dataset.pending;
    el.form.requestSubmit();
  }

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!isAutosubmit(el)) return;
    if (event.key === "Enter") {
      event.preventDefault();
      if (el.id) document.body.dataset.refocus = el.id;
      submitPending(el);
    } else if (MOVING_KEYS.indexOf(event.key) >= 0 || event.key.length === 1) {
      el.dataset.keyboard = "1";
    }
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!isAutosubmit(el)) return;
    if (el.dataset.keyboard === "1") {
      delete el.dataset.keyboard;
      el.dataset.pending = "1";
      return;
    }
    if (el.id) document.body.dataset.refocus = el.id;
    el.form.requestSubmit();
  });

  document.addEventListener("focusout", function (event) {
    var el = event.target;
    if (isAutosubmit(el)) {
      delete el.dataset.keyboard;
      submitPending(el);
    }
  });

  document.addEventListener("pointerdown", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement) delete el.dataset.keyboard;
  });

  // <form data-confirm="…"> asks before a destructive action (delete, revoke, withdraw);
  // with data-confirm-status="cancelled" only when that is the status chosen.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form instanceof HTMLFormElement && form.getAttribute("data-confirm");
    var only = message && form.getAttribute("data-confirm-status");
    if (only && (!form.elements.status || form.elements.status.value !== only)) return;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A picker of several: a box ticked among the found moves to the chosen ones, so the
  // next search (which replaces the found) leaves it (templates/partials/search_picker.html).
  document.addEventListener("change", function (event) {
    var box = event.target;
    var found = box.closest ? box.closest(".picker-found") : null;
    if (!found || !box.checked) return;
    found.parentNode.querySelector(".picker-chosen").appendChild(box.closest("label"));
  });

  // After a cell's answer replaces it, focus goes back to the same cell's select.
  document.addEventListener("htmx:after:swap", function () {
    var id = document.body.dataset.refocus;
    if (!id) return;
    delete document.body.dataset.refocus;
    var again = document.getElementById(id);
    if (again) again.focus();
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

  // Campaign, deal and investor boards: drag a card onto a column to change its status (stage). The card's own
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
        var select = card.querySelector("select[name=status], select[name=stage_id], select[name=stage]");
        if (!select || select.value === column.getAttribute("data-status")) return;
        select.value = column.getAttribute("data-status");
        select.form.requestSubmit();
      });
    });
  }

  // Agenda: drag an item onto another to take its place. A list `ol[data-reorder]` holds
  // items `li[draggable=true]` with `data-move` (where to post) and `data-position`; the
  // list's `form[data-reorder-form]` (CSRF token, position) posts the move, as the item's
  // up/down buttons do for keyboards and without JS.
  function setupReorder(root) {
    root.querySelectorAll("ol[data-reorder]").forEach(function (list) {
      var form = document.getElementById(list.getAttribute("data-reorder"));
      list.querySelectorAll("li[draggable=true]").forEach(function (item) {
        item.addEventListener("dragstart", function (event) {
          event.dataTransfer.setData("text/plain", item.id);
          event.dataTransfer.effectAllowed = "move";
        });
        item.addEventListener("dragover", function (event) {
          event.preventDefault();
          item.classList.add("drop-target");
        });
        item.addEventListener("dragleave", function () { item.classList.remove("drop-target"); });
        item.addEventListener("drop", function (event) {
          event.preventDefault();
          item.classList.remove("drop-target");
          var moved = document.getElementById(event.dataTransfer.getData("text/plain"));
          if (!form || !moved || moved === item || moved.parentElement !== list) return;
          form.setAttribute("action", moved.getAttribute("data-move"));
          form.querySelector("input[name=position]").value = item.getAttribute("data-position");
          form.requestSubmit();
        });
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

  // <table data-sortable>: each header becomes a button that sorts the rows by that column
  // (a cell's data-sort-value first, else its text; numbers as numbers), aria-sort says how.
  function setupSorting(root) {
    root.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.dataset.sortReady) return;
      table.dataset.sortReady = "1";
      table.querySelectorAll("thead th").forEach(function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, th, index); });
      });
    });
  }

  function sortKey(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var value = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    var number = Number(value.replace(/,/g, ""));
    return value !== "" && !isNaN(number) ? number : value.toLowerCase();
  }

  function sortBy(table, th, index) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > 1; });
    rows.sort(function (a, b) {
      var x = sortKey(a, index), y = sortKey(b, index);
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function enhance(root) {
    setupSorting(root.querySelectorAll ? root : document);
    setupBoard(root);
    setupReorder(root);
    drawCharts(root);
  }

  onReady(function () { enhance(document); });
  document.addEventListener("htmx:after:swap", function (event) {
    enhance(event.target || document);
  });
})();
