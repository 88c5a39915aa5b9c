/*
 * l2 compare page: draws the charts from the data embedded in the element l2-data, with uPlot and charts.js (inlined
 * above, which say when the page is done and show its errors).
 */
(function ()
{
    'use strict';

    var kit = window.l2Charts;
    var chart = kit.chart;
    var distributionChart = kit.distributionChart;
    var guarded = kit.guarded;
    var toMs = kit.toMs;
    var PALETTE = kit.PALETTE;
    var HEIGHT = kit.HEIGHT;
    var width = kit.width;
    var charts = kit.charts;

    function perShoot(data, key, ms)
    {
        return data.shoots.map(function (shoot, i)
        {
            var values = new Array(data.n);
            for (var s = 0; s < data.n; s++)
            {
                values[s] = s < shoot[key].length ? shoot[key][s] : null;
            }
            return { label: shoot.label, values: ms ? toMs(values) : values, color: PALETTE[i % PALETTE.length] };
        });
    }

    function outcomesChart(id, data)
    {
        var element = document.getElementById(id);
        var names = data.outcomes.names;
        var x = data.shoots.map(function (shoot, i)
        {
            return i + 1;
        });
        /* Stacked: series k holds the sum of the shares 0..k, drawn tallest first so each shows its own band. */
        var stacked = names.map(function (name, k)
        {
            return data.outcomes.shares.map(function (row)
            {
                var sum = 0;
                for (var j = 0; j <= k; j++)
                {
                    sum += row[j];
                }
                return sum;
            });
        });
        var order = names.map(function (name, k)
        {
            return names.length - 1 - k;
        });
        var bars = uPlot.paths.bars({ size: [0.5, 120] });
        var opts = {
            title: 'Outcome of the sent queries: answers by rcode, timeouts, errors (stacked shares)',
            width: width(),
            height: HEIGHT,
            scales: { x: { time: false, range: [0.5, x.length + 0.5] }, y: { range: [0, 100] } },
            axes: [{ label: 'shoot', incrs: [1], values: function (u, splits)
            {
                return splits.map(function (v)
                {
                    return Number.isInteger(v) && data.shoots[v - 1] ? data.shoots[v - 1].label : '';
                });
            } }, { label: '% of sent', size: 70 }],
            series: [{ label: 'shoot' }].concat(order.map(function (k)
            {
                var color = 'timeout' === names[k] ? '#d62728' : 'error' === names[k] ? '#8c564b' :
                    PALETTE[k % PALETTE.length];
                return { label: names[k], stroke: color, fill: color, width: 1, paths: bars, points: { show: false },
                    value: function (u, v, si, idx)
                    {
                        return null === idx || undefined === idx ? '-' :
                            data.outcomes.shares[idx][k].toFixed(3) + '%';
                    } };
            }))
        };
        charts.push(new uPlot(opts, [x].concat(order.map(function (k)
        {
            return stacked[k];
        })), element));
    }

    function render(data)
    {
        var x = new Array(data.n);
        for (var i = 0; i < data.n; i++)
        {
            x[i] = i;
        }
        guarded('distribution', function ()
        {
            distributionChart('chart-distribution', 'Latency by percentile, timeouts at the timeout (log scales)',
                data.distribution, null);
        });
        guarded('p99', function ()
        {
            chart('chart-p99', 'p99 latency per second (log scale)', 'ms', x, perShoot(data, 'p99_us', true), true);
        });
        guarded('answered', function ()
        {
            chart('chart-answered', 'Answered per second', 'answers/s', x, perShoot(data, 'answered', false), false);
        });
        guarded('outcomes', function ()
        {
            outcomesChart('chart-outcomes', data);
        });
    }

    kit.run(render);
}());
