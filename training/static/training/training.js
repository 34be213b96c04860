/* Training charts: feedback and assessment per session (plan page) and the average skill
   level over time (plan page and skills matrix), drawn from #training-chart-data. */
(function () {
  "use strict";
  var charts = [];

  function draw() {
    var source = document.getElementById("training-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var data = JSON.parse(source.textContent);
    var common = {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
    };
    var history = document.getElementById("training-history-chart");
    if (history) {
      charts.push(new window.Chart(history, {
        type: "line",
        data: { labels: data.labels, datasets: [{
          label: data.title, data: data.average, borderColor: "#206bc4",
          backgroundColor: "rgba(32, 107, 196, 0.1)", fill: true, tension: 0.25, spanGaps: true,
          pointRadius: 3, borderWidth: 2
        }] },
        options: Object.assign({}, common, { scales: { y: { suggestedMin: 1, suggestedMax: 5 } } })
      }));
    }
    var sessions = document.getElementById("training-sessions-chart");
    if (sessions && data.sessions) {
      charts.push(new window.Chart(sessions, {
        type: "bar",
        data: { labels: data.sessions, datasets: [
          { label: data.rating_title, data: data.ratings, backgroundColor: "#f59f00", yAxisID: "rating" },
          { label: data.score_title, data: data.scores, backgroundColor: "#2fb344", yAxisID: "score" }
        ] },
        options: Object.assign({}, common, { scales: {
          rating: { position: "left", min: 0, max: 5 },
          score: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } },
          x: { ticks: { maxRotation: 30, autoSkip: false } }
        } })
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
}());
