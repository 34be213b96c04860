/* Client satisfaction trends: CSAT per dimension and NPS by month, drawn with Chart.js from
   the JSON the page carries (#satisfaction-chart-data); redrawn when htmx swaps the results. */
(function () {
  "use strict";

  var COLOURS = {
    quality: "#1d60b0",
    timeliness: "#f59f00",
    communication: "#2fb344",
    responsiveness: "#ae3ec9",
    nps: "#0ca678"
  };
  var charts = [];

  function destroy() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
  }

  function draw() {
    var source = document.getElementById("satisfaction-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    destroy();
    var data = JSON.parse(source.textContent);
    var csat = document.getElementById("csat-trend");
    var nps = document.getElementById("nps-trend");
    var common = { responsive: true, maintainAspectRatio: false, interaction: { mode: "index", intersect: false } };
    if (csat) {
      charts.push(new window.Chart(csat, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: data.csat.map(function (series) {
            return {
              label: series.label, data: series.data, borderColor: COLOURS[series.key],
              backgroundColor: COLOURS[series.key], tension: 0.3, spanGaps: true, pointRadius: 3
            };
          })
        },
        options: Object.assign({}, common, {
          scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 }, title: { display: true, text: data.titles.csat } } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
        })
      }));
    }
    if (nps) {
      charts.push(new window.Chart(nps, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{
            label: data.titles.nps, data: data.nps,
            backgroundColor: data.nps.map(function (v) { return v >= 30 ? "#2fb344" : v >= 0 ? "#f59f00" : "#d63939"; })
          }]
        },
        options: Object.assign({}, common, {
          scales: { y: { min: -100, max: 100, title: { display: true, text: data.titles.nps } } },
          plugins: { legend: { display: false } }
        })
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
}());
