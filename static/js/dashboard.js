// Bar chart of each unit's share of targets done and overdue (data from json_script).
(function () {
  var canvas = document.getElementById("progress-chart");
  var source = document.getElementById("progress-data");
  if (!canvas || !source || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.dataset.doneLabel || "Hoàn thành", data: data.done, backgroundColor: "#198754" },
        { label: canvas.dataset.overdueLabel || "Quá hạn", data: data.overdue, backgroundColor: "#dc3545" }
      ]
    },
    options: {
      maintainAspectRatio: false,
      indexAxis: "y",
      scales: { x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } }
    }
  });
})();
