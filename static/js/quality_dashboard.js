/* Quality dashboard: defects by severity and by status (bars) and the monthly trends (lines),
   drawn with Chart.js from #quality-chart-data; redrawn whenever htmx swaps the dashboard. */
(function () {
  "use strict";

  var SEVERITY = ["#d63939", "#f76707", "#f59f00", "#868e96"];
  var STATUS = ["#d63939", "#f59f00", "#206bc4", "#2fb344", "#868e96", "#adb5bd"];
  var charts = [];

  function destroy() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
  }

  function bars(canvas, labels, values, colours, title) {
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: title, data: values, backgroundColor: colours }] },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  function line(label, values, colour, axis, dash) {
    return {
      label: label, data: values, borderColor: colour, backgroundColor: colour, yAxisID: axis,
      tension: 0.25, spanGaps: true, pointRadius: 3, borderWidth: 2, borderDash: dash || []
    };
  }

  function draw() {
    var source = document.getElementById("quality-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    destroy();
    var data = JSON.parse(source.textContent);
    var severity = document.getElementById("quality-severity");
    if (severity) {
      charts.push(bars(severity, data.severity.labels, data.severity.values, SEVERITY, data.titles.defects));
    }
    var status = document.getElementById("quality-status");
    if (status) {
      charts.push(bars(status, data.status.labels, data.status.values, STATUS, data.titles.defects));
    }
    var trend = document.getElementById("quality-trend");
    if (trend) {
      var s = data.series, t = data.titles;
      charts.push(new window.Chart(trend, {
        type: "line",
        data: { labels: data.months, datasets: [
          line(t.first_pass_yield, s.first_pass_yield, "#2fb344", "percent"),
          line(t.rejection_rate, s.rejection_rate, "#d63939", "percent", [6, 4]),
          line(t.defects_found, s.defects_found, "#f59f00", "count"),
          line(t.defects_resolved, s.defects_resolved, "#206bc4", "count"),
          line(t.cycle_days, s.cycle_days, "#ae3ec9", "count", [2, 3])
        ] },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          interaction: { mode: "index", intersect: false },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
          scales: {
            percent: { type: "linear", position: "left", min: 0, max: 100, title: { display: true, text: t.percent } },
            count: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: t.count } }
          }
        }
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
}());
