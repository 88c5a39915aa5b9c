/*
 * l2's charts, shared by report.html (report.js), the compare page (compare.js) and capacity.html (capacity.js),
 * inlined before each, after uPlot. window.l2Charts holds the helpers and run(render): it reads the data embedded in
 * the element l2-data, calls render(data), redraws the charts at the window's width when it changes, and says when
 * it is done, for people (the browser's console) and for tests (headless Chromium): the console gets "l2-report: N
 * charts rendered", and <html> gets data-l2-state="rendered" and data-l2-charts="N". Every error (a chart that
 * fails, data that cannot be read, any uncaught error or rejected promise) is shown at the top of the page, logged
 * as "l2-report-error: ..." and sets data-l2-state="error".
 */
(function ()
{
    'use strict';

    var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
        '#bcbd22', '#17becf'];
    var HEIGHT = 280;
    /* The x axis counts whole seconds: ticks 1, 2, 5 ... s apart, never 0.5 s (uPlot's default for short shoots). */
    var SECOND_INCREMENTS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];
    var charts = [];

    var failed = false;

    function showError(message)
    {
        failed = true;
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
        showError('script error: ' + e.message + (e.lineno ? ' (line ' + e.lineno + ')' : ''));
    });
    window.addEventListener('unhandledrejection', function (e)
    {
        showError('unhandled rejection: ' + (e.reason && e.reason.message ? e.reason.message : e.reason));
    });

    function rendered()
    {
        document.documentElement.setAttribute('data-l2-charts', String(charts.length));
        if (!failed)
        {
            document.documentElement.setAttribute('data-l2-state', 'rendered');
        }
        console.log('l2-report: ' + charts.length + ' charts rendered' + (failed ? ', with errors' : ''));
    }

    function loadData()
    {
        var element = document.getElementById('l2-data');
        if ('application/json' === element.type)
        {
            return Promise.resolve(JSON.parse(element.textContent));
        }
        if ('undefined' === typeof DecompressionStream)
        {
            return Promise.reject(new Error('this browser has no DecompressionStream (Chrome 80+, Firefox 113+, ' +
                'Safari 16.4+) to unpack the embedded data; the tables below hold the totals'));
        }
        var text = atob(element.textContent.replace(/\s+/g, ''));
        var bytes = new Uint8Array(text.length);
        for (var i = 0; i < text.length; i++)
        {
            bytes[i] = text.charCodeAt(i);
        }
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        return new Response(stream).text().then(JSON.parse);
    }

    function width()
    {
        return Math.max(400, Math.min(1400, document.documentElement.clientWidth - 48));
    }

    function toMs(values)
    {
        return values.map(function (v)
        {
            return null === v || v <= 0 ? null : v / 1000;
        });
    }

    function anyValue(series)
    {
        return series.some(function (s)
        {
            return s.values.some(function (v)
            {
                return null !== v;
            });
        });
    }

    function chart(id, title, unit, x, series, log)
    {
        var element = document.getElementById(id);
        if (!element)
        {
            return;
        }
        if (0 === x.length || (log && !anyValue(series)))
        {
            element.textContent = title + ': nothing to draw (no ' + (log ? 'answer' : 'second') + ')';
            return;
        }
        var opts = {
            title: title,
            width: width(),
            height: HEIGHT,
            scales: { x: { time: false }, y: log ? { distr: 3, log: 10 } : { auto: true } },
            axes: [{ label: 'second of the shoot', incrs: SECOND_INCREMENTS }, { label: unit, size: 70 }],
            series: [{ label: 's' }].concat(series.map(function (s, i)
            {
                return { label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: 1.5,
                    points: { show: false } };
            }))
        };
        charts.push(new uPlot(opts, [x].concat(series.map(function (s)
        {
            return s.values;
        })), element));
    }

    /* The x axis of a percentile distribution: 1/(1-p) on a log scale, ticks at whole decades, named as percentiles. */
    function percentileLabel(x)
    {
        var p = 100 * (1 - 1 / x);
        return (x < 1.5 ? '0' : String(Math.round(p * 10000) / 10000)) + '%';
    }

    function distributionChart(id, title, distribution, colors)
    {
        var element = document.getElementById(id);
        if (!element)
        {
            return;
        }
        var x = distribution.p.map(function (p)
        {
            return 1 / (1 - p / 100);
        });
        var series = distribution.series.map(function (s, i)
        {
            return { label: s.label, values: toMs(s.us), color: colors ? colors[i % colors.length] : PALETTE[i] };
        });
        if (!anyValue(series))
        {
            element.textContent = title + ': nothing to draw (no answer, no timeout)';
            return;
        }
        var decades = [];
        for (var d = 1; d <= x[x.length - 1] * 1.0001; d *= 10)
        {
            decades.push(d);
        }
        var opts = {
            title: title,
            width: width(),
            height: HEIGHT,
            scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
            axes: [{ label: 'percentile (log scale of 1/(1-p))', incrs: decades,
                splits: function ()
                {
                    return decades;
                },
                values: function (u, splits)
                {
                    return splits.map(percentileLabel);
                } }, { label: 'ms', size: 70 }],
            series: [{ label: 'percentile', value: function (u, v)
            {
                return null === v ? '-' : percentileLabel(v);
            } }].concat(series.map(function (s)
            {
                return { label: s.label, stroke: s.color, width: 1.5, points: { show: true, size: 4 } };
            }))
        };
        charts.push(new uPlot(opts, [x].concat(series.map(function (s)
        {
            return s.values;
        })), element));
    }

    function guarded(name, draw)
    {
        try
        {
            draw();
        }
        catch (e)
        {
            showError('chart ' + name + ': ' + e);
        }
    }

    function run(render)
    {
        document.documentElement.setAttribute('data-l2-state', 'loading');
        loadData().then(function (data)
        {
            render(data);
            window.addEventListener('resize', function ()
            {
                charts.forEach(function (c)
                {
                    c.setSize({ width: width(), height: c.height });
                });
            });
            rendered();
        }, function (e)
        {
            showError('cannot read the embedded data: ' + e.message);
            rendered();
        });
    }

    window.l2Charts = {
        PALETTE: PALETTE,
        HEIGHT: HEIGHT,
        charts: charts,
        width: width,
        toMs: toMs,
        chart: chart,
        distributionChart: distributionChart,
        guarded: guarded,
        run: run
    };
}());
