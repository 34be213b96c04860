/* Innovation board: proposals per month stacked by status, drawn with Chart.js from
   #improvement-chart-data. */
(function () {
  "use strict";
  var COLOURS = {
    proposed: "#4299e1", accepted: "#4263eb", plan: "#ae3ec9", do: "#f76707",
    check: "#f59f00", standardised: "#2fb344", rejected: "#9ba9be"
  };
  var chart = null;

  function draw() {
    var source = document.getElementById("improvement-chart-data");
    var canvas = document.getElementById("improvement-monthly");
    if (!source || !canvas || typeof window.Chart === "undefined") { return; }
    if (chart) { chart.destroy(); }
    var data = JSON.parse(source.textContent);
    chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: COLOURS[s.status], stack: "all" };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "right", labels: { boxWidth: 10 } } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
