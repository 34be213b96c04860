/* Risk pages: one risk's score history (#risk-chart-data) and a project's total exposure
   (#project-trend-data), drawn with Chart.js; redrawn after htmx swaps. */
(function () {
  "use strict";
  var charts = [];

  function destroy() { charts.forEach(function (c) { c.destroy(); }); charts = []; }

  function options() {
    return {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
      scales: { y: { beginAtZero: true, suggestedMax: 25, ticks: { stepSize: 5 } }, x: { ticks: { maxTicksLimit: 10 } } }
    };
  }

  function draw() {
    if (typeof window.Chart === "undefined") { return; }
    destroy();
    var risk = document.getElementById("risk-chart-data");
    var canvas = document.getElementById("risk-trend");
    if (risk && canvas) {
      var data = JSON.parse(risk.textContent);
      charts.push(new window.Chart(canvas, {
        type: "line",
        data: { labels: data.labels, datasets: [
          { label: data.titles.score, data: data.score, borderColor: "#d63939", backgroundColor: "#d63939", stepped: true, borderWidth: 2 },
          { label: data.titles.residual, data: data.residual, borderColor: "#2fb344", backgroundColor: "#2fb344", borderDash: [6, 4], stepped: true, spanGaps: true, borderWidth: 2 }
        ] },
        options: options()
      }));
    }
    var project = document.getElementById("project-trend-data");
    var trend = document.getElementById("project-risk-trend");
    if (project && trend) {
      var t = JSON.parse(project.textContent);
      var opts = options();
      opts.scales.y.suggestedMax = undefined;
      opts.scales.y.ticks = {};
      charts.push(new window.Chart(trend, {
        type: "line",
        data: { labels: t.labels, datasets: [
          { label: t.title, data: t.total, borderColor: "#206bc4", backgroundColor: "rgba(32,107,196,.12)", fill: true, stepped: true, borderWidth: 2 }
        ] },
        options: opts
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
