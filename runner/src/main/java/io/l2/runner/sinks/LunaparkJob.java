/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.sinks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l2.config.LunaparkSink;

/**
 * What a Lunapark job says about its shoot: the body of {@code create.json} and of {@code edit.json}, built from the
 * shoot's {@code shoot.json} tree (the same live and for {@code l2 push}). Immutable.
 *
 * @param createBody task, person, tank, host, port, loadscheme, detailed_time, notify.
 * @param editBody   name, description, instances, ammo, loop, version, component, tank_type, command_line, starred.
 */
public record LunaparkJob(Map<String, Object> createBody, Map<String, Object> editBody)
{
    private static final int DNS_PORT = 53;

    /**
     * @param sink      the configured sink (task, person, notify).
     * @param shoot     the shoot's {@code shoot.json} tree.
     * @param tank      this host's name (the runner's).
     * @param osUser    the operating-system user, the person when the sink names none.
     * @param l2Version l2's version.
     * @return the job's description.
     */
    public static LunaparkJob of(
        final LunaparkSink sink,
        final Map<String, Object> shoot,
        final String tank,
        final String osUser,
        final String l2Version)
    {
        final String target = String.valueOf(shoot.get("target"));
        final int close = target.startsWith("[") ? target.indexOf(']') : -1;
        final int colon = target.lastIndexOf(':');
        final String host;
        int port = DNS_PORT;
        if (close > 0)
        {
            host = target.substring(1, close);
            port = colon == close + 1 ? parsePort(target.substring(colon + 1)) : DNS_PORT;
        }
        else if (colon > 0 && target.indexOf(':') == colon)
        {
            host = target.substring(0, colon);
            port = parsePort(target.substring(colon + 1));
        }
        else
        {
            host = target;
        }
        final Map<String, Object> create = new LinkedHashMap<>();
        create.put("task", sink.task());
        create.put("person", sink.person().isEmpty() ? osUser : sink.person());
        create.put("tank", tank);
        create.put("host", host);
        create.put("port", port);
        create.put("loadscheme", List.of(String.valueOf(shoot.get("profile"))));
        create.put("detailed_time", "interval_real");
        create.put("notify", sink.notifyLogins());

        final Object hosts = shoot.get("hosts");
        final int hostCount = hosts instanceof List<?> list ? Math.max(1, list.size()) : 1;
        final long instances = shoot.get("instances") instanceof Number number ? number.longValue() : 0;
        final String id = String.valueOf(shoot.get("id"));
        final String description = null == shoot.get("description") ? "" : String.valueOf(shoot.get("description"));
        final Object ammo = shoot.get("ammo");
        final String ammoName = ammo instanceof Map<?, ?> map ?
            String.valueOf(null != map.get("name") ? map.get("name") : map.get("file")) : String.valueOf(ammo);
        final Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("name", description.isEmpty() ? "l2 " + id : description);
        edit.put("description", "l2 shoot " + id + ": " + shoot.get("profile") + ", " + shoot.get("mode") + ", " +
            instances + " workers on each of " + hostCount + " host" + (1 == hostCount ? "" : "s") + " of set " +
            shoot.get("set") + ", target " + target);
        edit.put("instances", Long.toString(instances * hostCount));
        edit.put("ammo", ammoName);
        edit.put("loop", 0);
        edit.put("version", "l2 " + l2Version);
        edit.put("component", "dns");
        edit.put("tank_type", 0);
        edit.put("command_line", "l2 shoot fire --file=" + shoot.get("plan"));
        edit.put("starred", 0);
        return new LunaparkJob(Collections.unmodifiableMap(create), Collections.unmodifiableMap(edit));
    }

    private static int parsePort(final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            return DNS_PORT;
        }
    }
}
