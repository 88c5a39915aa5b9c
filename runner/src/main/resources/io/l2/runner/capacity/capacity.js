/*
 * l2 capacity.html: one chart of every trial's p99 latency (ms, log scale) and loss (%) against its rate, drawn with
 * uPlot (inlined above) from the data in the element l2-data. It says when it is done as report.js does (so the same
 * headless-browser check reads both): <html> gets data-l2-state="rendered" and data-l2-charts="1", the console
 * "l2-report: 1 charts rendered"; an error is shown at the top of the page, logged as "l2-report-error: ..." and sets
 * data-l2-state="error".
 */
(function ()
{
    'use strict';

    function showError(message)
    {
        document.documentElement.setAttribute('data-l2-state', 'error');
        console.error('l2-report-error: ' + message);
        var box = document.getElementById('l2-errors');
        var line = document.createElement('p');
        line.textContent = message;
        box.appendChild(line);
        box.hidden = false;
    }

    window.addEventListener('error', function (e)
    {
        showError('script error: ' + e.message);
    });

    try
    {
        var data = JSON.parse(document.getElementById('l2-data').textContent);
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
            width: Math.max(400, Math.min(1400, document.documentElement.clientWidth - 48)),
            height: 300,
            scales: { x: { time: false }, ms: { distr: 3, log: 10 }, pct: { auto: true } },
            axes: [{ label: 'rate (queries/s)' }, { label: 'p99 ms', scale: 'ms', size: 70 },
                { label: 'loss %', scale: 'pct', side: 1, grid: { show: false } }],
            series: [{ label: 'rate' },
                { label: 'p99 ms', scale: 'ms', stroke: '#1f77b4', points: { show: true, size: 7 } },
                { label: 'loss %', scale: 'pct', stroke: '#d62728', points: { show: true, size: 7 } }]
        };
        new uPlot(opts, [rates, p99, loss], document.getElementById('chart-capacity'));
        document.documentElement.setAttribute('data-l2-charts', '1');
        if ('error' !== document.documentElement.getAttribute('data-l2-state'))
        {
            document.documentElement.setAttribute('data-l2-state', 'rendered');
        }
        console.log('l2-report: 1 charts rendered');
    }
    catch (e)
    {
        showError('the chart failed: ' + e.message);
    }
})();
