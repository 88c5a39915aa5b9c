/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a report page's own script under node (when node is installed), with a stub DOM and a stub {@code uPlot} that
 * checks every chart it is given (series and data line up, every column has one value per second, a log scale gets
 * no value at or below zero, the x axis ticks whole seconds only) and records it. uPlot itself is only compiled
 * there: it runs in a real browser in {@link ReportChromiumTest}.
 */
final class ReportScript
{
    private static final String HARNESS = """
        'use strict';
        const fs = require('fs');
        const html = fs.readFileSync(process.argv[2], 'utf8');
        const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
        const data = html.match(/<script type="([^"]+)" id="l2-data">([\\s\\S]*?)<\\/script>/);
        const scripts = [...html.matchAll(/<script>\\n([\\s\\S]*?)<\\/script>/g)].map((m) => m[1]);
        if (2 !== scripts.length) { throw new Error('expected 2 inline scripts, found ' + scripts.length); }
        new Function(scripts[0]);
        const elements = {};
        const element = (id) => ({ id: id, type: 'l2-data' === id ? data[1] : '',
            textContent: 'l2-data' === id ? data[2] : '', hidden: true, children: [],
            appendChild(child) { this.children.push(child); } });
        global.document = {
            getElementById: (id) => ids.has(id) ? (elements[id] = elements[id] || element(id)) : null,
            createElement: (tag) => ({ tag: tag, textContent: '' }),
            documentElement: { clientWidth: 1280, attributes: {},
                setAttribute(name, value) { this.attributes[name] = String(value); } } };
        const logs = [];
        console.log = (message) => logs.push(message);
        console.error = (message) => logs.push(message);
        global.window = { addEventListener() {} };
        const charts = [];
        global.uPlot = function (opts, columns, el) {
            if (opts.series.length !== columns.length) { throw new Error('series/columns mismatch'); }
            if (!opts.axes[0].incrs.every(Number.isInteger)) { throw new Error('x ticks between seconds'); }
            const n = columns[0].length;
            columns.forEach((column, i) => {
                if (!Array.isArray(column) || column.length !== n) { throw new Error('column ' + i + ' length'); }
                column.forEach((v) => {
                    if (null !== v && ('number' !== typeof v || !isFinite(v))) { throw new Error('bad value ' + v); }
                    if (i > 0 && 3 === opts.scales.y.distr && null !== v && v <= 0) { throw new Error('log <= 0'); }
                });
            });
            charts.push({ id: el.id, title: opts.title, series: columns.length - 1, seconds: n });
        };
        new Function(scripts[1])();
        process.on('exit', () => {
            const errors = elements['l2-errors'] ? elements['l2-errors'].children.map((c) => c.textContent) : [];
            const notes = Object.values(elements).filter((e) => e.id.startsWith('chart-') && e.textContent)
                .map((e) => e.id + ': ' + e.textContent);
            process.stdout.write(JSON.stringify({ charts: charts, errors: errors, notes: notes, logs: logs,
                attributes: global.document.documentElement.attributes }));
        });
        """;

    private ReportScript()
    {
    }

    /**
     * @return true when {@code node} runs here.
     */
    static boolean nodeAvailable()
    {
        try
        {
            final Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && 0 == process.exitValue();
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param page a report page, written to a file.
     * @param dir  where to put the harness.
     * @return what the script did, as JSON: {@code {charts: [{id, title, series, seconds}], errors: [], notes: [],
     *         logs: [what it wrote on the console], attributes: {the attributes it set on <html>}}}.
     * @throws Exception when node fails or takes more than 30 s.
     */
    static String run(final Path page, final Path dir) throws Exception
    {
        final Path harness = dir.resolve("harness.js");
        Files.writeString(harness, HARNESS, StandardCharsets.UTF_8);
        final Process process = new ProcessBuilder("node", harness.toString(), page.toString()).start();
        final byte[] err = process.getErrorStream().readAllBytes();
        final byte[] out = process.getInputStream().readAllBytes();
        final boolean done = process.waitFor(30, TimeUnit.SECONDS);
        if (!done)
        {
            process.destroyForcibly();
        }
        assertTrue(done && 0 == process.exitValue(), "node failed: " + new String(err, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
