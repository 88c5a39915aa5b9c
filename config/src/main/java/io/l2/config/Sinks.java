/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.config;

/**
 * The typed sinks of {@code l2.yaml}'s {@code sinks:} section (the results folder is always written and is not a
 * sink here). Immutable. Sinks not typed yet stay in {@link L2Config#reserved()} under {@code sinks}.
 *
 * @param lunapark where shoots are pushed to Lunapark, or null when not configured.
 * @param influxdb where shoots are written as InfluxDB line protocol, or null when not configured.
 */
public record Sinks(LunaparkSink lunapark, InfluxSink influxdb)
{
    /** No sink configured. */
    public static final Sinks NONE = new Sinks(null, null);
}
