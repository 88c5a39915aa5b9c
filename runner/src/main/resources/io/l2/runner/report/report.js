/*
 * l2 report.html: draws the charts from the data embedded in the element l2-data, with uPlot and charts.js (inlined
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

    function perGroup(groups, key, ms)
    {
        return groups.map(function (group)
        {
            return { label: group.name, values: ms ? toMs(group[key]) : group[key] };
        });
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

    function render(data)
    {
        var x = new Array(data.n);
        for (var i = 0; i < data.n; i++)
        {
            x[i] = data.t0 + i;
        }
        var total = data.total;
        guarded('rps', function ()
        {
            chart('chart-rps', 'Requested, sent, achieved and answered', 'queries/s', x, [
                { label: 'requested', values: total.requested, color: '#7f7f7f' },
                { label: 'sent', values: total.sent, color: '#1f77b4' },
                { label: 'achieved (sent during the second)', values: total.achieved, color: '#9467bd' },
                { label: 'answered', values: total.answered, color: '#2ca02c' }], false);
        });
        guarded('latency', function ()
        {
            chart('chart-latency', 'Latency from the intended send time (log scale)', 'ms', x, [
                { label: 'p50', values: toMs(total.p50_us), color: '#2ca02c' },
                { label: 'p90', values: toMs(total.p90_us), color: '#1f77b4' },
                { label: 'p99', values: toMs(total.p99_us), color: '#ff7f0e' },
                { label: 'p99.9', values: toMs(total['p99.9_us']), color: '#d62728' }], true);
        });
        if (data.distribution)
        {
            guarded('distribution', function ()
            {
                distributionChart('chart-distribution', 'Latency by percentile, timeouts at the timeout (log scales)',
                    data.distribution, ['#ff7f0e']);
            });
        }
        guarded('rcodes', function ()
        {
            chart('chart-rcodes', 'Answers by rcode', 'answers/s', x, Object.keys(data.rcodes).map(function (name)
            {
                return { label: name, values: data.rcodes[name] };
            }), false);
        });
        guarded('failures', function ()
        {
            chart('chart-failures', 'Timeouts, errors and dropped queries', 'queries/s', x, [
                { label: 'timeouts', values: total.timeouts, color: '#d62728' },
                { label: 'errors (malformed, send errors)', values: total.errors, color: '#8c564b' },
                { label: 'dropped (not sent)', values: total.dropped, color: '#7f7f7f' }], false);
        });
        guarded('lag', function ()
        {
            chart('chart-lag', 'Schedule lag: latest send after its intended time (max per second)', 'ms', x, [
                { label: 'lag max', values: total.lag_max_us.map(function (v)
                {
                    return v / 1000;
                }), color: '#9467bd' }], false);
        });
        [['dc', data.dcs], ['host', data.hosts]].forEach(function (kind)
        {
            var groups = kind[1];
            if (0 === groups.length)
            {
                return;
            }
            guarded(kind[0] + '-sent', function ()
            {
                chart('chart-' + kind[0] + '-sent', 'Sent per ' + kind[0], 'queries/s', x,
                    perGroup(groups, 'sent', false), false);
            });
            guarded(kind[0] + '-answered', function ()
            {
                chart('chart-' + kind[0] + '-answered', 'Answered per ' + kind[0], 'answers/s', x,
                    perGroup(groups, 'answered', false), false);
            });
            guarded(kind[0] + '-p99', function ()
            {
                chart('chart-' + kind[0] + '-p99', 'p99 latency per ' + kind[0] + ' (log scale)', 'ms', x,
                    perGroup(groups, 'p99_us', true), true);
            });
        });
    }

    kit.run(render);
}());
