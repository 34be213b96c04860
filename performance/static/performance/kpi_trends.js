/* KPI trend charts: one line per KPI over months, from #kpi-trend-data (Chart.js). */
(function () {
  "use strict";
  var COLOURS = ["#206bc4", "#2fb344", "#d63939", "#f59f00", "#ae3ec9", "#17a2b8", "#667382", "#fd7e14"];
  var chart = null;
  function draw() {
    var source = document.getElementById("kpi-trend-data");
    var canvas = document.getElementById("kpi-trend");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    if (chart) { chart.destroy(); }
    var data = JSON.parse(source.textContent);
    chart = new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return { label: s.label, data: s.values, borderColor: COLOURS[i % COLOURS.length],
                   backgroundColor: COLOURS[i % COLOURS.length], tension: 0.25, spanGaps: true,
                   pointRadius: 2, borderWidth: 2, yAxisID: i === 0 ? "y" : "y" };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: { x: { ticks: { maxTicksLimit: 12 } } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
