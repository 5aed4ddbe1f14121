// giamsat dashboards: charts drawn with the vendored Chart.js from data the page embeds with json_script.
// No inline script or style (Content-Security-Policy): every chart is a <canvas data-chart="..."> and its
// data comes from <script type="application/json" id="dashboard-data"> (or id="indicator-charts").
(function () {
  "use strict";
  if (!window.Chart) return;
  var Chart = window.Chart;

  var COLORS = {
    // task statuses (tasks.status)
    done_on_time: "#1e7b3c", done_late: "#7fa33a", in_progress: "#0b5cad", overdue: "#b3261e",
    not_started: "#9aa5b1", paused: "#c9a227", cancelled: "#5b6675", reported: "#2e9e5b", not_reported: "#e07b00",
    // indicator statuses (indicators.status)
    achieved: "#1e7b3c", on_track: "#0b5cad", at_risk: "#e0a100", off_track: "#b3261e", no_data: "#9aa5b1"
  };
  var number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 });

  Chart.defaults.font.family = '"Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
  Chart.defaults.color = "#1d2430";
  Chart.defaults.animation = false; // figures for officials: drawn at once, printable, exportable
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  // A white background, so that a downloaded PNG is not transparent.
  Chart.register({
    id: "giamsatBackground",
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  });

  function read(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  var data = read("dashboard-data") || {};
  var indicatorCharts = read("indicator-charts");
  if (indicatorCharts) data.indicators = indicatorCharts;
  var taskLabels = data.taskLabels || {};

  function go(url) { if (url) window.location.href = url; }
  function short(text, n) { return text && text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function fmt(v) { return v === null || v === undefined ? "—" : number.format(v); }

  function clickable(chart, urlOf) {
    chart.options.onClick = function (event, elements) {
      if (!elements.length) return;
      go(urlOf(elements[0].datasetIndex, elements[0].index));
    };
    chart.options.onHover = function (event, elements) {
      event.native.target.classList.toggle("clickable", elements.length > 0);
    };
    chart.update();
    return chart;
  }

  var builders = {
    status: function (canvas, d) {
      var chart = new Chart(canvas, {
        type: "doughnut",
        data: {
          labels: d.labels,
          datasets: [{ data: d.values, backgroundColor: d.codes.map(function (c) { return COLORS[c] || "#888"; }) }]
        },
        options: {
          plugins: {
            legend: { position: "right" },
            tooltip: {
              callbacks: {
                label: function (ctx) {
                  var total = ctx.dataset.data.reduce(function (a, b) { return a + b; }, 0);
                  return ctx.label + ": " + fmt(ctx.raw) + " (" + fmt(total ? 100 * ctx.raw / total : 0) + "%)";
                }
              }
            }
          }
        }
      });
      return clickable(chart, function (ds, i) { return d.urls[i]; });
    },

    groups: function (canvas, d) { return stacked(canvas, d, false, 28); },
    orgs: function (canvas, d) { return stacked(canvas, d, true, 32); },

    trend: function (canvas, d) {
      return new Chart(canvas, {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            { type: "bar", label: "Đến hạn (lũy kế)", data: d.due, backgroundColor: "#c8d3e0", yAxisID: "y" },
            { type: "bar", label: "Đã hoàn thành (lũy kế)", data: d.done, backgroundColor: COLORS.done_on_time, yAxisID: "y" },
            { type: "line", label: "Tỷ lệ đến hạn đã hoàn thành (%)", data: d.ratio, borderColor: COLORS.overdue,
              backgroundColor: COLORS.overdue, yAxisID: "pct", spanGaps: true, tension: 0 }
          ]
        },
        options: {
          scales: {
            y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Số nhiệm vụ" } },
            pct: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false },
                   ticks: { callback: function (v) { return v + "%"; } } }
          },
          plugins: { tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + fmt(ctx.raw) + (ctx.dataset.yAxisID === "pct" ? "%" : "");
          } } } }
        }
      });
    },

    indicator: function (canvas, d) {
      if (!d) return null;
      var values = d.values || [];
      var xs = values.map(function (p) { return p.x; })
        .concat((d.trajectory || []).map(function (p) { return p.x; }))
        .concat((d.targets || []).map(function (p) { return p.x; }));
      var datasets = [
        { label: "Số liệu", data: values, borderColor: COLORS[d.status] || "#0b3d73",
          backgroundColor: values.map(function (p) { return p.estimate ? "#ffffff" : (COLORS[d.status] || "#0b3d73"); }),
          pointBorderColor: COLORS[d.status] || "#0b3d73", pointRadius: 4, borderWidth: 2, tension: 0 },
        { label: "Lộ trình", data: d.trajectory || [], borderColor: "#5b6675", borderDash: [6, 4], pointRadius: 0,
          borderWidth: 1.5, fill: false },
        { label: "Mục tiêu", data: (d.targets || []).map(function (t) { return { x: t.x, y: t.y }; }),
          showLine: false, pointStyle: "triangle", pointRadius: 7, borderColor: "#b3261e", backgroundColor: "#b3261e" }
      ];
      return new Chart(canvas, {
        type: "line",
        data: { datasets: datasets },
        options: {
          parsing: true,
          scales: {
            x: { type: "linear", min: xs.length ? Math.floor(Math.min.apply(null, xs)) - 0.3 : undefined,
                 max: xs.length ? Math.ceil(Math.max.apply(null, xs)) + 0.3 : undefined,
                 afterBuildTicks: function (axis) { // one tick per year, including the first and the last
                   var ticks = [];
                   for (var y = Math.ceil(axis.min); y <= Math.floor(axis.max); y++) ticks.push({ value: y });
                   axis.ticks = ticks;
                 },
                 ticks: { callback: function (v) { return String(v); } } },
            y: { ticks: { callback: function (v) { return fmt(v); } },
                 title: { display: !!d.unit, text: d.unit || "" } }
          },
          plugins: {
            legend: { labels: { boxWidth: 12 } },
            title: { display: false },
            tooltip: { callbacks: {
              title: function (items) {
                var raw = items[0].raw || {};
                return raw.period ? "Kỳ " + raw.period : "Năm " + Math.round(items[0].parsed.x);
              },
              label: function (ctx) {
                var raw = ctx.raw || {};
                return ctx.dataset.label + ": " + fmt(ctx.parsed.y) + (raw.estimate ? " (ước)" : "");
              }
            } }
          }
        }
      });
    }
  };

  function stacked(canvas, d, horizontal, labelLength) {
    var codes = d.codes || [];
    var chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: (d.labels || []).map(function (l) { return short(l, labelLength); }),
        datasets: codes.map(function (c) {
          return { label: taskLabels[c] || c, data: d.series[c], backgroundColor: COLORS[c] || "#888", code: c,
                   maxBarThickness: 48 };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { precision: 0 } } },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { title: function (items) { return d.labels[items[0].dataIndex]; } } }
        }
      }
    });
    return clickable(chart, function (ds, i) { return d.urls[codes[ds]][i]; });
  }

  window.giamsatCharts = [];
  // Draws the charts under `root` (the page, or a part loaded after it: its indicator data comes with it).
  function draw(root) {
    var more = read("indicator-charts");
    if (more) data.indicators = more;
    var canvases = root.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, function (canvas) {
      var kind = canvas.getAttribute("data-chart");
      var build = builders[kind];
      if (!build || Chart.getChart(canvas)) return;
      var source = kind === "indicator" ? (data.indicators || [])[Number(canvas.getAttribute("data-index") || 0)]
                                        : data[kind];
      if (!source) return;
      var chart = build(canvas, source);
      if (chart) window.giamsatCharts.push(chart);
    });
  }
  window.giamsatDraw = draw;
  draw(document);

  // "Tải ảnh PNG": the chart as drawn, white background, as a file.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-download]");
    if (!button) return;
    var canvas = document.getElementById(button.getAttribute("data-download"));
    var chart = canvas && Chart.getChart(canvas);
    if (!chart) return;
    var link = document.createElement("a");
    link.href = chart.toBase64Image("image/png", 1);
    link.download = button.getAttribute("data-filename") || "bieu-do.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
})();

