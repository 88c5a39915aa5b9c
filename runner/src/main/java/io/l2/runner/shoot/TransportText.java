/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.util.LinkedHashMap;
import java.util.Map;

import io.l2.config.TransportSettings;
import io.l2.engine.shoot.Transport;

/**
 * A plan's {@code transport:} as the engine takes it, as the dry run and the summaries print it.
 */
final class TransportText
{
    private TransportText()
    {
    }

    /**
     * @param settings the plan's transport.
     * @return the engine's transport of the same protocol.
     */
    static Transport engineTransport(final TransportSettings settings)
    {
        return Transport.of(settings.protocol().yamlName());
    }

    /**
     * @param settings the plan's transport.
     * @return e.g. {@code udp}, or {@code tcp, 8 connections per host, pipelined}.
     */
    static String describe(final TransportSettings settings)
    {
        if (!settings.connected())
        {
            return settings.protocol().yamlName();
        }
        return settings.protocol().yamlName() + ", " + (0 == settings.connections() ? "a few connections per " +
            "shooter thread" : settings.connections() + " connection" + (1 == settings.connections() ? "" : "s")) +
            " per host, " + (settings.pipeline() ? "pipelined" : "one query at a time per connection");
    }

    /**
     * @param settings the plan's transport.
     * @return the summary's {@code transport} object: protocol, connections (0: the engine's choice), pipeline.
     */
    static Map<String, Object> json(final TransportSettings settings)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("protocol", settings.protocol().yamlName());
        json.put("connections", settings.connections());
        json.put("pipeline", settings.pipeline());
        return json;
    }
}
