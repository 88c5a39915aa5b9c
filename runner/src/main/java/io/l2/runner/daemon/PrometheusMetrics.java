/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.daemon;

import java.util.Locale;

import io.l2.engine.shoot.ShooterCounter;
import io.l2.transport.auth.Rejection;

/**
 * The daemon's metrics in the Prometheus text format 0.0.4: {@code l2_up}, {@code l2_uptime_seconds},
 * {@code l2_shoots_total} (shoots begun since the daemon started), {@code l2_control_messages_total} and
 * {@code l2_control_malformed_total} (the control channel), {@code l2_control_rejected_total} with a {@code reason}
 * label per {@link Rejection} (unauthenticated, stale, replayed, malformed: dropped before any decoding but the
 * last), {@code l2_control_authenticated} (1 when a cluster key is loaded), one {@code l2_shooter_<counter>_total} per
 * {@link ShooterCounter} (summed over the shoots that ended; zero when idle) and {@code l2_shooter_max_lag_ns}
 * (a maximum, so a gauge), and {@code l2_api_rejected_total{reason="..."}}: the REST API's refusals, one sample per
 * {@link ApiRejection}. Stateless.
 */
public final class PrometheusMetrics
{
    /** The content type of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusMetrics()
    {
    }

    /**
     * @param state the daemon's state.
     * @return the metrics text, one sample per line, ending with a newline.
     */
    public static String write(final DaemonState state)
    {
        final StringBuilder out = new StringBuilder(2048);
        sample(out, "l2_up", "gauge", "1 while the daemon runs", "1");
        sample(out, "l2_uptime_seconds", "gauge", "seconds since the daemon started",
            String.format(Locale.ROOT, "%.3f", state.uptimeNs() / 1e9));
        sample(out, "l2_shoots_total", "counter", "shoots begun since the daemon started",
            Long.toString(state.shootCount()));
        sample(out, "l2_control_messages_total", "counter", "valid control messages received from other hosts",
            Long.toString(state.controlMessageCount()));
        sample(out, "l2_control_malformed_total", "counter", "control messages dropped as malformed",
            Long.toString(state.controlMalformedCount()));
        out.append("# HELP l2_control_rejected_total control messages dropped, by reason\n");
        out.append("# TYPE l2_control_rejected_total counter\n");
        for (final Rejection rejection : Rejection.values())
        {
            out.append("l2_control_rejected_total{reason=\"").append(rejection.label()).append("\"} ")
                .append(state.controlRejectedCount(rejection)).append('\n');
        }
        sample(out, "l2_control_authenticated", "gauge",
            "1 when a cluster key is loaded (control messages are signed and checked), else 0",
            state.controlAuthenticated() ? "1" : "0");
        for (final ShooterCounter counter : ShooterCounter.values())
        {
            final boolean maximum = counter.isMaximum();
            final String name = "l2_shooter_" + counter.label().replace(' ', '_') + (maximum ? "" : "_total");
            sample(out, name, maximum ? "gauge" : "counter",
                "shooter: " + counter.label() + (maximum ? " (maximum over shoots)" : " (summed over shoots)"),
                Long.toString(state.counter(counter)));
        }
        out.append("# HELP l2_api_rejected_total requests the REST API refused, by reason\n");
        out.append("# TYPE l2_api_rejected_total counter\n");
        for (final ApiRejection reason : ApiRejection.values())
        {
            out.append("l2_api_rejected_total{reason=\"").append(reason.label()).append("\"} ")
                .append(state.apiRejectedCount(reason)).append('\n');
        }
        return out.toString();
    }

    private static void sample(
        final StringBuilder out, final String name, final String type, final String help, final String value)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(' ').append(value).append('\n');
    }
}
