// Draws report.html's charts with Apache ECharts (inlined above), from the data in #charts.
// A chart that cannot be drawn, or any script error, is said in #errors at the top of the page.
(function () {
  'use strict';
  function fail(message) {
    var box = document.getElementById('errors');
    box.hidden = false;
    var p = document.createElement('p');
    p.textContent = message;
    box.appendChild(p);
  }
  window.addEventListener('error', function (e) { fail('script error: ' + e.message); });

  function fmt(v) {
    if (v === null || v === undefined) { return '-'; }
    var a = Math.abs(v);
    if (a >= 100) { return Math.round(v).toLocaleString('en-US'); }
    return v.toFixed(a >= 10 ? 1 : a >= 1 ? 2 : 3);
  }
  // HdrHistogram's percentile axis: x = 1 / (1 - p), on a log scale, so 90%, 99%, 99.9% are evenly apart.
  function pctX(p) { return 100 / (100 - Math.min(p, 99.9999)); }
  function pctLabel(x) { return x >= 1e6 ? 'max' : String(Math.round((100 - 100 / x) * 10000) / 10000) + '%'; }
  function noZeros(data, log) { return log ? data.map(function (v) { return v > 0 ? v : null; }) : data; }

  function base(spec) {
    return {
      animation: false,
      title: { text: spec.title, textStyle: { fontSize: 14 } },
      legend: { top: 24, type: 'scroll' },
      grid: { top: 72, left: 24, right: 40, bottom: 24, containLabel: true },
      yAxis: { type: spec.yLog ? 'log' : 'value', name: spec.yName, nameTextStyle: { align: 'left' } }
    };
  }

  function percentile(spec) {
    var o = base(spec);
    o.tooltip = { trigger: 'item', formatter: function (p) {
      var at = p.value[2] === 100 ? 'max' : 'p' + p.value[2];
      return p.marker + p.seriesName + '<br>' + at + ': ' + fmt(p.value[1]) + ' µs';
    } };
    o.xAxis = { type: 'log', name: spec.xName, nameLocation: 'middle', nameGap: 28, min: 1, max: 1e6, axisLabel: { formatter: pctLabel } };
    o.series = spec.series.map(function (s) {
      return { name: s.name, type: 'line', symbolSize: 5,
        data: s.points.map(function (pt) { return [pctX(pt[0]), spec.yLog && pt[1] <= 0 ? null : pt[1], pt[0]]; }) };
    });
    return o;
  }

  function categories(spec) {
    var o = base(spec);
    o.tooltip = { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (items) {
      var lines = [items[0].axisValueLabel];
      items.forEach(function (it) {
        var s = spec.series[it.seriesIndex];
        var tip = s.tips ? s.tips[it.dataIndex] : null;
        lines.push(it.marker + it.seriesName + ': ' + fmt(it.value) + (tip ? ' (' + tip + ')' : ''));
      });
      return lines.join('<br>');
    } };
    o.xAxis = { type: 'category', data: spec.categories,
      axisLabel: { interval: 0, rotate: spec.categories.length > 6 ? 30 : 0 } };
    o.series = spec.series.map(function (s) {
      return { name: s.name, type: spec.kind === 'line' ? 'line' : 'bar', stack: spec.kind === 'stack' ? 'all' : undefined,
        data: noZeros(s.data, spec.yLog) };
    });
    return o;
  }

  var specs = JSON.parse(document.getElementById('charts').textContent);
  specs.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (!el) { fail('chart "' + spec.title + '": no element ' + spec.id + ' to draw it in'); return; }
    try {
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(spec.kind === 'percentile' ? percentile(spec) : categories(spec));
      window.addEventListener('resize', function () { chart.resize(); });
    } catch (e) {
      fail('chart "' + spec.title + '" could not be drawn: ' + e.message);
    }
  });
})();
