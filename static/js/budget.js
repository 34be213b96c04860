/* Budget page: the S-curve (PV, EV, AC), the budget burn and planned vs actual by category,
   drawn with Chart.js from #budget-chart-data; redrawn whenever htmx swaps the page body. */
(function () {
  "use strict";

  var COLOURS = {
    pv: "#206bc4", ev: "#2fb344", ac: "#d63939",
    planned: "#206bc4", committed: "#f59f00", actual: "#d63939"
  };
  var charts = [];

  function destroy() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
  }

  function money(currency) {
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 0 });
    return function (value) { return format.format(value); };
  }

  function line(key, label, values, extra) {
    return Object.assign({
      label: label, data: values, borderColor: COLOURS[key], backgroundColor: COLOURS[key],
      tension: 0.25, spanGaps: true, pointRadius: 2, borderWidth: 2
    }, extra || {});
  }

  function draw() {
    var source = document.getElementById("budget-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    destroy();
    var data = JSON.parse(source.textContent);
    var format = money(data.currency);
    var common = {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: function (ctx) {
          return ctx.dataset.label + ": " + (ctx.parsed.y === null ? "—" : data.currency + " " + format(ctx.parsed.y));
        } } }
      },
      scales: { y: { beginAtZero: true, ticks: { callback: format } }, x: { ticks: { maxTicksLimit: 10 } } }
    };
    var curve = document.getElementById("budget-s-curve");
    if (curve) {
      charts.push(new window.Chart(curve, {
        type: "line",
        data: { labels: data.labels, datasets: [
          line("pv", data.titles.pv, data.pv, { borderDash: [6, 4] }),
          line("ev", data.titles.ev, data.ev),
          line("ac", data.titles.ac, data.ac)
        ] },
        options: common
      }));
    }
    var burn = document.getElementById("budget-burn");
    if (burn) {
      charts.push(new window.Chart(burn, {
        type: "line",
        data: { labels: data.labels, datasets: [
          line("planned", data.titles.planned_remaining, data.planned_remaining, { borderDash: [6, 4] }),
          line("actual", data.titles.actual_remaining, data.actual_remaining, { fill: { target: "origin" }, backgroundColor: "rgba(214, 57, 57, 0.08)" })
        ] },
        options: common
      }));
    }
    var bars = document.getElementById("budget-categories");
    if (bars) {
      charts.push(new window.Chart(bars, {
        type: "bar",
        data: { labels: data.categories, datasets: [
          { label: data.titles.planned, data: data.planned, backgroundColor: COLOURS.planned },
          { label: data.titles.committed, data: data.committed, backgroundColor: COLOURS.committed },
          { label: data.titles.actual, data: data.actual, backgroundColor: COLOURS.actual }
        ] },
        options: Object.assign({}, common, { scales: { y: { beginAtZero: true, ticks: { callback: format } } } })
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
}());
