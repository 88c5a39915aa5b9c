/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A Lunapark-protocol server on loopback for tests. It checks every request against the protocol (path, method,
 * {@code api_token}, {@code upload_token}, a fresh {@code X-Request-ID} of the form {@code <uuid>-<attempt>}, the
 * JSON shape and types of create, edit and of every push item) and records each violation; it can be scripted to
 * answer a call with given statuses before it succeeds, or always. Pushes answered with a failure are not kept.
 * Thread-safe (every handler and reader synchronizes on the server).
 */
public final class LunaparkServer implements AutoCloseable
{
    /** The calls, as scripts name them. */
    public static final String CREATE = "create";
    /** The edit call. */
    public static final String EDIT = "edit";
    /** The push call. */
    public static final String PUSH = "push";
    /** The close call. */
    public static final String CLOSE = "close";
    /** The summary call (read before an imbalance is set). */
    public static final String SUMMARY = "summary";

    private static final Pattern JOB_CALL = Pattern.compile("/api/job/([0-9]+)/(edit|push_data|close|summary)\\.json");
    private static final Pattern REQUEST_ID = Pattern.compile(
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-([0-9]+)");
    private static final List<String> CREATE_STRINGS = List.of("task", "person", "tank", "host", "detailed_time");
    private static final List<String> EDIT_STRINGS = List.of(
        "name", "description", "instances", "ammo", "version", "component", "command_line");
    private static final List<String> TRAIL_NUMBERS = List.of(
        "reqps", "resps", "expect", "disper", "self_load", "input", "output", "connect_time", "send_time", "latency",
        "receive_time", "threads", "q50", "q75", "q80", "q85", "q90", "q95", "q98", "q99", "q100");

    private final HttpServer server;
    private final String apiToken;
    private final Map<String, Deque<Integer>> scripts = new HashMap<>();
    private final Map<String, Integer> always = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Set<String> requestIds = new HashSet<>();
    private final Map<Long, String> uploadTokens = new LinkedHashMap<>();
    private final Map<Long, Map<String, Object>> edits = new LinkedHashMap<>();
    private final Map<Long, List<List<Map<String, Object>>>> pushes = new LinkedHashMap<>();
    private final Map<Long, Integer> closes = new LinkedHashMap<>();
    private final Map<Long, Map<String, Object>> imbalances = new LinkedHashMap<>();
    private final List<Map<String, Object>> creates = new ArrayList<>();
    private final Map<String, Integer> requestCounts = new HashMap<>();
    private long nextJob = 4000;

    /**
     * Starts a server on a free loopback port.
     *
     * @param apiToken the token every request must carry.
     * @throws IOException when it cannot bind.
     */
    public LunaparkServer(final String apiToken) throws IOException
    {
        this.apiToken = apiToken;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @return the API address, {@code http://127.0.0.1:PORT/}.
     */
    public URI api()
    {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * The next requests of a call are answered with these statuses (then normally).
     *
     * @param call     {@link #CREATE}, {@link #EDIT}, {@link #PUSH} or {@link #CLOSE}.
     * @param statuses the statuses, in order.
     */
    public synchronized void script(final String call, final int... statuses)
    {
        final Deque<Integer> script = scripts.computeIfAbsent(call, (c) -> new ArrayDeque<>());
        for (final int status : statuses)
        {
            script.add(status);
        }
    }

    /**
     * Every request of a call is answered with this status, or normally again when 0.
     *
     * @param call   the call.
     * @param status the status, or 0.
     */
    public synchronized void always(final String call, final int status)
    {
        if (0 == status)
        {
            always.remove(call);
        }
        else
        {
            always.put(call, status);
        }
    }

    /**
     * @return what broke the protocol, one line each.
     */
    public synchronized List<String> violations()
    {
        return List.copyOf(violations);
    }

    /**
     * @return the bodies of the create requests that succeeded.
     */
    public synchronized List<Map<String, Object>> creates()
    {
        return List.copyOf(creates);
    }

    /**
     * @param job a job.
     * @return the body of its imbalance edit (Tank's {@code imbalance} and {@code description}), or null.
     */
    public synchronized Map<String, Object> imbalance(final long job)
    {
        return imbalances.get(job);
    }

    /**
     * @param job a job.
     * @return its edit body, or null.
     */
    public synchronized Map<String, Object> edit(final long job)
    {
        return edits.get(job);
    }

    /**
     * @param job a job.
     * @return the pushes it accepted, in order: each a list of items.
     */
    public synchronized List<List<Map<String, Object>>> pushes(final long job)
    {
        return List.copyOf(pushes.getOrDefault(job, List.of()));
    }

    /**
     * @param job a job.
     * @return the exit code it was closed with, or null.
     */
    public synchronized Integer closedWith(final long job)
    {
        return closes.get(job);
    }

    /**
     * @param call a call.
     * @return the requests of it received, answered any way.
     */
    public synchronized int requestCount(final String call)
    {
        return requestCounts.getOrDefault(call, 0);
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        server.stop(0);
    }

    private synchronized void handle(final HttpExchange exchange) throws IOException
    {
        final String method = exchange.getRequestMethod();
        final String path = exchange.getRequestURI().getRawPath();
        final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        final String where = method + " " + path;
        final byte[] bodyBytes;
        try (InputStream in = exchange.getRequestBody())
        {
            bodyBytes = in.readAllBytes();
        }
        final String body = new String(bodyBytes, StandardCharsets.UTF_8);

        final String requestId = exchange.getRequestHeaders().getFirst("X-Request-ID");
        if (null == requestId || !REQUEST_ID.matcher(requestId).matches())
        {
            violation(where + ": X-Request-ID " + requestId + " is not <uuid>-<attempt>");
        }
        else if (!requestIds.add(requestId))
        {
            violation(where + ": X-Request-ID " + requestId + " used twice");
        }
        if (!apiToken.equals(query.get("api_token")))
        {
            violation(where + ": api_token " + query.get("api_token") + ", expected " + apiToken);
        }

        final String call;
        long job = -1;
        if ("/api/job/create.json".equals(path))
        {
            call = CREATE;
        }
        else
        {
            final Matcher matcher = JOB_CALL.matcher(path);
            if (!matcher.matches())
            {
                violation(where + ": no such call");
                answer(exchange, 404, "{\"error\": \"not found\"}");
                return;
            }
            job = Long.parseLong(matcher.group(1));
            call = switch (matcher.group(2))
            {
                case "edit" -> EDIT;
                case "push_data" -> PUSH;
                case "summary" -> SUMMARY;
                default -> CLOSE;
            };
            if (!uploadTokens.containsKey(job))
            {
                violation(where + ": job " + job + " was never created");
                answer(exchange, 404, "{\"error\": \"no such job\"}");
                return;
            }
        }
        requestCounts.merge(call, 1, Integer::sum);
        final String expectedMethod = CLOSE.equals(call) || SUMMARY.equals(call) ? "GET" : "POST";
        if (!expectedMethod.equals(method))
        {
            violation(where + ": method " + method + ", expected " + expectedMethod);
        }
        final boolean noBody = CLOSE.equals(call) || SUMMARY.equals(call);
        if (!noBody && !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
            .startsWith("application/json"))
        {
            violation(where + ": Content-Type " + exchange.getRequestHeaders().getFirst("Content-Type"));
        }

        final Deque<Integer> script = scripts.get(call);
        final Integer scripted = null != script && !script.isEmpty() ? script.poll() : always.get(call);
        if (null != scripted)
        {
            answer(exchange, scripted, "{\"error\": \"scripted " + scripted + "\"}");
            return;
        }

        final Object tree;
        try
        {
            tree = noBody ? null : new Load(LoadSettings.builder().build()).loadFromString(body);
        }
        catch (final RuntimeException ex)
        {
            violation(where + ": body is not JSON: " + body);
            answer(exchange, 400, "{}");
            return;
        }
        switch (call)
        {
            case CREATE -> create(exchange, where, tree);
            case EDIT ->
            {
                final Map<String, Object> edit = asMap(tree);
                if (null != edit && edit.containsKey("imbalance"))
                {
                    // Tank's imbalance edit: {imbalance: rps, description: the old one + "\n" + the cause}
                    requireType(where, edit, "imbalance", Number.class);
                    requireType(where, edit, "description", String.class);
                    if (closes.containsKey(job))
                    {
                        violation(where + ": imbalance set after the job was closed");
                    }
                    imbalances.put(job, edit);
                }
                else
                {
                    checkEdit(where, tree);
                    edits.put(job, edit);
                }
                answer(exchange, 200, "[{\"success\": 1}]");
            }
            case SUMMARY ->
            {
                final Map<String, Object> edit = edits.get(job);
                final Object dsc = null == edit ? "" : edit.get("description");
                answer(exchange, 200, "[{\"n\": " + job + ", \"dsc\": " + jsonString(String.valueOf(dsc)) +
                    ", \"status\": \"online\"}]");
            }
            case PUSH ->
            {
                if (!uploadTokens.get(job).equals(query.get("upload_token")))
                {
                    violation(where + ": upload_token " + query.get("upload_token") + ", expected " +
                        uploadTokens.get(job));
                }
                checkPush(where, tree);
                @SuppressWarnings("unchecked")
                final List<Map<String, Object>> items = tree instanceof List<?> list ?
                    (List<Map<String, Object>>)list : List.of();
                pushes.computeIfAbsent(job, (j) -> new ArrayList<>()).add(items);
                answer(exchange, 200, "[{\"success\": 1}]");
            }
            default ->
            {
                final String exitCode = query.get("exitcode");
                if (null == exitCode || !exitCode.matches("-?[0-9]+"))
                {
                    violation(where + ": exitcode " + exitCode);
                }
                else if (closes.containsKey(job))
                {
                    violation(where + ": job " + job + " closed twice");
                }
                else
                {
                    closes.put(job, Integer.parseInt(exitCode));
                }
                answer(exchange, 200, "[{\"success\": 1}]");
            }
        }
    }

    private void create(final HttpExchange exchange, final String where, final Object tree) throws IOException
    {
        final Map<String, Object> body = asMap(tree);
        if (null == body)
        {
            violation(where + ": body is not an object");
        }
        else
        {
            for (final String key : CREATE_STRINGS)
            {
                requireType(where, body, key, String.class);
            }
            requireType(where, body, "port", Number.class);
            requireStrings(where, body, "loadscheme");
            requireStrings(where, body, "notify");
            if (body.get("task") instanceof String task && task.isEmpty())
            {
                violation(where + ": empty task");
            }
            creates.add(body);
        }
        final long job = nextJob++;
        final String uploadToken = "up" + Long.toHexString(job * 7919);
        uploadTokens.put(job, uploadToken);
        answer(exchange, 200, "[{\"upload_token\": \"" + uploadToken + "\", \"job\": " + job + "}]");
    }

    private void checkEdit(final String where, final Object tree)
    {
        final Map<String, Object> body = asMap(tree);
        if (null == body)
        {
            violation(where + ": body is not an object");
            return;
        }
        for (final String key : EDIT_STRINGS)
        {
            requireType(where, body, key, String.class);
        }
        for (final String key : List.of("loop", "tank_type", "starred"))
        {
            requireType(where, body, key, Number.class);
        }
        if (body.get("instances") instanceof String instances && !instances.matches("[0-9]+"))
        {
            violation(where + ": instances '" + instances + "' is not a number in a string");
        }
    }

    private void checkPush(final String where, final Object tree)
    {
        if (!(tree instanceof List<?> items) || items.isEmpty())
        {
            violation(where + ": body is not a non-empty list of items");
            return;
        }
        int overallCount = 0;
        String time = null;
        final Set<String> cases = new HashSet<>();
        for (final Object element : items)
        {
            final Map<String, Object> item = asMap(element);
            if (null == item)
            {
                violation(where + ": an item is not an object");
                continue;
            }
            final String label = where + " item " + item.get("case");
            if (!(item.get("overall") instanceof Integer overall) || (0 != overall && 1 != overall))
            {
                violation(label + ": overall " + item.get("overall") + " is not 0 or 1");
            }
            else
            {
                overallCount += overall;
                if (1 == overall && !"".equals(item.get("case")))
                {
                    violation(label + ": the overall item's case is not empty");
                }
            }
            if (!(item.get("case") instanceof String name) || name.length() > 128 || !cases.add(name))
            {
                violation(label + ": case missing, too long or repeated");
            }
            else if (!name.isEmpty() && !name.startsWith("dc:") && !name.startsWith("host:"))
            {
                violation(label + ": case is neither dc:… nor host:…");
            }
            final Map<String, Object> trail = asMap(item.get("trail"));
            if (null == trail)
            {
                violation(label + ": no trail object");
            }
            else
            {
                if (!(trail.get("time") instanceof String itemTime) || !itemTime.matches("[0-9]{10}"))
                {
                    violation(label + ": trail.time " + trail.get("time") + " is not a unix second as a string");
                }
                else if (null == time)
                {
                    time = itemTime;
                }
                else if (!time.equals(itemTime))
                {
                    violation(label + ": trail.time differs between the items of one push");
                }
                for (final String key : TRAIL_NUMBERS)
                {
                    if (!(trail.get(key) instanceof Number number) || number.doubleValue() < 0)
                    {
                        violation(label + ": trail." + key + " " + trail.get(key) + " is not a number >= 0");
                    }
                }
                if (trail.get("q50") instanceof Number q50 && trail.get("q99") instanceof Number q99 &&
                    trail.get("q100") instanceof Number q100 &&
                    (q50.doubleValue() > q99.doubleValue() || q99.doubleValue() > q100.doubleValue()))
                {
                    violation(label + ": quantiles not ascending: " + trail);
                }
            }
            checkCodes(label, item, "net_codes");
            checkCodes(label, item, "http_codes");
            checkIntervals(label, item);
        }
        if (1 != overallCount)
        {
            violation(where + ": " + overallCount + " overall items, expected 1");
        }
    }

    private void checkCodes(final String label, final Map<String, Object> item, final String key)
    {
        if (!(item.get(key) instanceof List<?> codes))
        {
            violation(label + ": " + key + " is not a list");
            return;
        }
        final Set<Integer> seen = new HashSet<>();
        for (final Object element : codes)
        {
            final Map<String, Object> code = asMap(element);
            if (null == code || code.size() != 2 || !(code.get("code") instanceof Integer value) ||
                !(code.get("count") instanceof Number count) || count.longValue() <= 0 || !seen.add(value))
            {
                violation(label + ": " + key + " entry " + element + " is not {code: int, count: int > 0}, once");
            }
        }
    }

    private void checkIntervals(final String label, final Map<String, Object> item)
    {
        if (!(item.get("time_intervals") instanceof List<?> intervals))
        {
            violation(label + ": time_intervals is not a list");
            return;
        }
        double previousTo = 0;
        for (final Object element : intervals)
        {
            final Map<String, Object> interval = asMap(element);
            if (null == interval || !(interval.get("from") instanceof Number from) ||
                !(interval.get("to") instanceof Number to) || !(interval.get("count") instanceof Number count) ||
                count.longValue() <= 0 || from.doubleValue() >= to.doubleValue() ||
                from.doubleValue() < previousTo)
            {
                violation(label + ": time_intervals entry " + element + " is not {from < to, count > 0}, ascending");
                return;
            }
            previousTo = to.doubleValue();
        }
    }

    private void requireType(final String where, final Map<String, Object> body, final String key, final Class<?> type)
    {
        if (!type.isInstance(body.get(key)))
        {
            violation(where + ": " + key + " " + body.get(key) + " is not a " + type.getSimpleName());
        }
    }

    private void requireStrings(final String where, final Map<String, Object> body, final String key)
    {
        if (!(body.get(key) instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance))
        {
            violation(where + ": " + key + " " + body.get(key) + " is not a list of strings");
        }
    }

    private void violation(final String what)
    {
        violations.add(what);
    }

    @SuppressWarnings("unchecked")
    private static String jsonString(final String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static Map<String, Object> asMap(final Object tree)
    {
        return tree instanceof Map<?, ?> ? (Map<String, Object>)tree : null;
    }

    private static Map<String, String> query(final String rawQuery)
    {
        final Map<String, String> query = new HashMap<>();
        if (null != rawQuery)
        {
            for (final String pair : rawQuery.split("&"))
            {
                final int equals = pair.indexOf('=');
                if (equals > 0)
                {
                    query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void answer(final HttpExchange exchange, final int status, final String body) throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }
}
