/* Operations dashboard: open tickets by priority (bars) and the 30-day backlog (line), drawn
   with Chart.js from #ops-chart-data; redrawn whenever htmx swaps the dashboard body. */
(function () {
  "use strict";

  var charts = [];

  function draw() {
    var source = document.getElementById("ops-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var data = JSON.parse(source.textContent);
    var bars = document.getElementById("ops-priority");
    if (bars) {
      charts.push(new window.Chart(bars, {
        type: "bar",
        data: { labels: data.priorities, datasets: [{
          label: data.titles.open, data: data.open, backgroundColor: data.colours, borderRadius: 4
        }] },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
        }
      }));
    }
    var line = document.getElementById("ops-backlog");
    if (line) {
      charts.push(new window.Chart(line, {
        type: "line",
        data: { labels: data.days, datasets: [{
          label: data.titles.backlog, data: data.backlog, borderColor: "#206bc4",
          backgroundColor: "rgba(32, 107, 196, 0.12)", fill: true, tension: 0.25, pointRadius: 2
        }] },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxTicksLimit: 10 } } }
        }
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
