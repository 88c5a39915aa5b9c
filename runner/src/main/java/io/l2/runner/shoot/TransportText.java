/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.l2.config.Target;
import io.l2.config.TransportSettings;
import io.l2.engine.shoot.ShooterContext;
import io.l2.engine.shoot.TlsContexts;
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
     * Sets the context's transport, pipelining, for DNS over HTTPS its path and method, and for DNS over TLS and over
     * HTTPS a fresh TLS client context of its own (its session cache is this shoot's).
     *
     * @param context  the shooter's context.
     * @param settings the plan's transport.
     * @param target   the plan's target (its host name is the TLS server name unless the plan gives one).
     * @throws IOException when the CA file cannot be read.
     */
    static void configure(final ShooterContext context, final TransportSettings settings, final Target target)
        throws IOException
    {
        context.transport(engineTransport(settings)).pipelined(settings.pipeline())
            .queriesPerConnection(settings.queriesPerConnection());
        if (TransportSettings.Protocol.DOH == settings.protocol())
        {
            context.doh(settings.path(), settings.get());
        }
        if (settings.protocol().tls())
        {
            final String serverName = settings.serverNameFor(target);
            if (settings.insecure())
            {
                context.tls(TlsContexts.trustingAll(), serverName, false);
            }
            else
            {
                context.tls(TlsContexts.verifying(settings.caFile()), serverName, true);
            }
        }
    }

    /**
     * @param settings the plan's transport.
     * @param target   the plan's target.
     * @return e.g. {@code udp}, or {@code tcp, 8 connections per host, pipelined}, for DNS over HTTPS also the method
     * and path, and for DNS over TLS and HTTPS the server name and the trust.
     */
    static String describe(final TransportSettings settings, final Target target)
    {
        if (!settings.connected())
        {
            return settings.protocol().yamlName();
        }
        final String text = settings.protocol().yamlName() + ", " + (0 == settings.connections() ?
            "a few connections per shooter thread" : settings.connections() + " connection" +
            (1 == settings.connections() ? "" : "s") + " per host") + ", " + (settings.pipeline() ? "pipelined" :
            "one query at a time per connection") + (0 == settings.queriesPerConnection() ? "" :
            ", a new connection every " + settings.queriesPerConnection() + " quer" +
            (1 == settings.queriesPerConnection() ? "y" : "ies"));
        if (!settings.protocol().tls())
        {
            return text;
        }
        final String name = settings.serverNameFor(target);
        final String http = TransportSettings.Protocol.DOH == settings.protocol() ?
            ", HTTP/2 " + (settings.get() ? "GET " : "POST ") + settings.path() : "";
        return text + http + ", server name " + (null == name ? "none" : name) + ", " + (settings.insecure() ?
            "certificate NOT verified (insecure: true)" : "certificate verified against " +
            (null == settings.caFile() ? "the JDK's CAs" : settings.caFile().toString()));
    }

    /**
     * @param settings the plan's transport.
     * @return the summary's {@code transport} object: protocol, connections (0: the engine's choice), pipeline, and
     * for a connection transport its queries per connection (0: no limit).
     */
    static Map<String, Object> json(final TransportSettings settings)
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("protocol", settings.protocol().yamlName());
        json.put("connections", settings.connections());
        json.put("pipeline", settings.pipeline());
        if (settings.connected())
        {
            json.put("queries_per_connection", settings.queriesPerConnection());
        }
        if (settings.protocol().tls())
        {
            json.put("insecure", settings.insecure());
        }
        if (TransportSettings.Protocol.DOH == settings.protocol())
        {
            json.put("path", settings.path());
            json.put("method", settings.get() ? "GET" : "POST");
        }
        return json;
    }
}
