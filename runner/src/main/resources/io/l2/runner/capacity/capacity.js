/*
 * l2 capacity.html: one chart of every trial's p99 latency (ms, log scale) and loss (%) against its rate, drawn with
 * uPlot and charts.js (inlined above, which read the data in the element l2-data, say when the page is done as
 * report.html does and show its errors).
 */
(function ()
{
    'use strict';

    var kit = window.l2Charts;

    function render(data)
    {
        kit.guarded('capacity', function ()
        {
            var trials = data.trials.slice().sort(function (a, b)
            {
                return a.rate - b.rate;
            });
            var rates = [];
            var p99 = [];
            var loss = [];
            trials.forEach(function (t)
            {
                var latency = t.stats.latency_us || {};
                rates.push(t.rate);
                p99.push(undefined === latency.p99 ? null : Math.max(latency.p99 / 1000, 0.001));
                loss.push(undefined === t.stats.loss_pct ? null : t.stats.loss_pct);
            });
            var opts = {
                title: 'p99 latency and loss by rate (every trial)',
                width: kit.width(),
                height: 300,
                scales: { x: { time: false }, ms: { distr: 3, log: 10 }, pct: { auto: true } },
                axes: [{ label: 'rate (queries/s)' }, { label: 'p99 ms', scale: 'ms', size: 70 },
                    { label: 'loss %', scale: 'pct', side: 1, grid: { show: false } }],
                series: [{ label: 'rate' },
                    { label: 'p99 ms', scale: 'ms', stroke: '#1f77b4', points: { show: true, size: 7 } },
                    { label: 'loss %', scale: 'pct', stroke: '#d62728', points: { show: true, size: 7 } }]
            };
            kit.charts.push(new uPlot(opts, [rates, p99, loss], document.getElementById('chart-capacity')));
        });
    }

    kit.run(render);
}());
