/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Opens a report page in headless Chromium (Debian's {@code chromium}, as root: {@code --headless --no-sandbox}) and
 * checks that it drew every chart without a script error.
 * <p>
 * One run of the browser per page: {@code --virtual-time-budget} lets the page's scripts, timers and the
 * {@code DecompressionStream} of gzip-embedded data finish before {@code --dump-dom} prints the final DOM on stdout
 * and {@code --screenshot} writes a PNG. The console is read from the browser's log: {@code --enable-logging=stderr
 * --v=0} writes every console message, uncaught errors included, to stderr as
 * {@code [pid:tid:time:INFO:CONSOLE:LINE] "message", source: URL (LINE)} (older builds: {@code CONSOLE(LINE)}).
 * The page reports on itself (report.js): {@code l2-report: N charts rendered} on the console and
 * {@code data-l2-state}/{@code data-l2-charts} on {@code <html>}; every error is logged as {@code l2-report-error: ...}.
 * The browser is killed, with its children, when it takes longer than {@link #TIMEOUT_SECONDS}. One test thread.
 */
public final class ReportBrowser
{
    /** The browser, looked up on the PATH. */
    public static final String BINARY = "chromium";

    /** The longest one browser run may take. */
    public static final long TIMEOUT_SECONDS = 90;

    /** The screenshots' size, pixels. */
    public static final int WIDTH = 1400;

    /** The screenshots' size, pixels. */
    public static final int HEIGHT = 3000;

    private static final Pattern CONSOLE = Pattern.compile(
        ":CONSOLE[:(]\\d+\\)?\\] \"(.*)\", source: (.*)$", Pattern.MULTILINE);
    private static final Pattern CHART_BOX = Pattern.compile("<div class=\"chart\" id=\"(chart-[a-z0-9-]+)\"");
    private static final Pattern HTML_ELEMENT = Pattern.compile("<html[^>]*>");
    private static final byte[] PNG_MAGIC = { (byte)0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    private ReportBrowser()
    {
    }

    /**
     * What the browser made of a page.
     *
     * @param dom        the DOM once the scripts were done ({@code --dump-dom}).
     * @param console    the console messages, in order.
     * @param screenshot the PNG.
     * @param log        the browser's whole stderr, for failure messages.
     */
    public record Page(String dom, List<String> console, Path screenshot, String log)
    {
    }

    /**
     * Skips the calling test when the browser is not installed, unless the environment variable {@code CI} is set:
     * then a missing browser fails the test.
     */
    public static void assumeAvailable()
    {
        if (available())
        {
            return;
        }
        final String message = BINARY + " is not installed (apt-get install -y chromium)";
        if (null != System.getenv("CI"))
        {
            fail("CI is set and " + message);
        }
        Assumptions.abort(message);
    }

    /**
     * @return true when {@code chromium --headless --no-sandbox --version} runs here.
     */
    public static boolean available()
    {
        try
        {
            final Process process = new ProcessBuilder(BINARY, "--headless", "--no-sandbox", "--version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                kill(process);
                return false;
            }
            return 0 == process.exitValue();
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
     * Opens a page, waits for its scripts, dumps its DOM and takes a screenshot.
     *
     * @param html       the page.
     * @param dir        a scratch directory (the browser's profile and output go there).
     * @param screenshot where to write the PNG.
     * @return what the browser saw.
     * @throws IOException          when the browser cannot be started or its output read.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static Page open(final Path html, final Path dir, final Path screenshot)
        throws IOException, InterruptedException
    {
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Files.deleteIfExists(screenshot);
        final Path profile = Files.createTempDirectory(dir, "chromium-profile");
        final Path out = dir.resolve(screenshot.getFileName() + ".dom.html");
        final Path err = dir.resolve(screenshot.getFileName() + ".stderr.txt");
        final Process process = new ProcessBuilder(
            BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
            "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000",
            "--window-size=" + WIDTH + "," + HEIGHT, "--screenshot=" + screenshot.toAbsolutePath(), "--dump-dom",
            html.toAbsolutePath().toUri().toString())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            kill(process);
            fail(BINARY + " took more than " + TIMEOUT_SECONDS + " s on " + html + " (killed); its log: " + err);
        }
        final String log = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), BINARY + " failed on " + html + ":\n" + log);
        final List<String> console = new ArrayList<>();
        final Matcher matcher = CONSOLE.matcher(log);
        while (matcher.find())
        {
            console.add(matcher.group(1));
        }
        return new Page(Files.readString(out, StandardCharsets.UTF_8), console, screenshot, log);
    }

    /**
     * Asserts that the browser drew every chart container of the page with uPlot and met no script error: the console
     * holds {@code l2-report: N charts rendered} for the N containers and no error, {@code <html>} says
     * {@code data-l2-state="rendered"}, the error box stayed hidden and empty, every container holds one uPlot
     * with a canvas, and the screenshot is a PNG of {@link #WIDTH} x {@link #HEIGHT} with more than a blank page.
     *
     * @param html the page as written.
     * @param page what the browser made of it.
     * @return how many charts were drawn.
     * @throws IOException when the screenshot cannot be read.
     */
    public static int assertRendered(final String html, final Page page) throws IOException
    {
        final List<String> boxes = new ArrayList<>();
        final Matcher box = CHART_BOX.matcher(html);
        while (box.find())
        {
            boxes.add(box.group(1));
        }
        final String context = "\nconsole: " + page.console() + "\nlog:\n" + page.log();
        assertFalse(boxes.isEmpty(), "no chart container in the page");
        for (final String message : page.console())
        {
            final boolean error = message.contains("l2-report-error") || message.contains("Uncaught") ||
                message.contains("Error");
            assertFalse(error, "a script error on the console: " + message + context);
        }
        assertEquals(List.of("l2-report: " + boxes.size() + " charts rendered"),
            page.console().stream().filter((message) -> message.startsWith("l2-report")).toList(), context);

        final Matcher root = HTML_ELEMENT.matcher(page.dom());
        assertTrue(root.find(), "no <html> in the DOM" + context);
        assertTrue(root.group().contains("data-l2-state=\"rendered\""), root.group() + context);
        assertTrue(root.group().contains("data-l2-charts=\"" + boxes.size() + "\""), root.group() + context);
        assertTrue(page.dom().contains("<div id=\"l2-errors\" class=\"errors\" hidden=\"\"></div>"),
            "the error box is shown or not empty" + context);

        final int scripts = page.dom().indexOf("<script");
        final String body = scripts < 0 ? page.dom() : page.dom().substring(0, scripts);
        for (int i = 0; i < boxes.size(); i++)
        {
            final int from = body.indexOf("id=\"" + boxes.get(i) + "\"");
            assertTrue(from >= 0, boxes.get(i) + " is not in the DOM" + context);
            final int next = i + 1 < boxes.size() ? body.indexOf("id=\"" + boxes.get(i + 1) + "\"") : -1;
            final String chart = body.substring(from, next < 0 ? body.length() : next);
            assertEquals(1, count(chart, "class=\"uplot"), boxes.get(i) + " holds no uPlot: " + chart);
            assertEquals(1, count(chart, "<canvas"), boxes.get(i) + " holds no canvas: " + chart);
        }
        assertEquals(boxes.size(), count(body, "<canvas"), "one canvas per chart");

        final byte[] png = Files.readAllBytes(page.screenshot());
        assertTrue(png.length > PNG_MAGIC.length, "empty screenshot " + page.screenshot());
        for (int i = 0; i < PNG_MAGIC.length; i++)
        {
            assertEquals(PNG_MAGIC[i], png[i], "not a PNG: " + page.screenshot());
        }
        final BufferedImage image = ImageIO.read(page.screenshot().toFile());
        assertNotNull(image, "unreadable screenshot " + page.screenshot());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        final Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3)
        {
            for (int x = 0; x < image.getWidth(); x += 3)
            {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 16, "the screenshot is nearly blank: " + colours.size() + " colours");
        return boxes.size();
    }

    private static int count(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length()))
        {
            count++;
        }
        return count;
    }

    private static void kill(final Process process) throws InterruptedException
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
