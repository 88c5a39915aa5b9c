/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.schedule;

import io.l2.config.Position;
import io.l2.config.Target;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --target} patterns: host, host:port, globs, IPv6, case.
 */
class TargetMatchTest
{
    private static final Position AT = Position.ofFile("l2.yaml");
    private static final Target NS01 = new Target("ns01e.name.example.net", 53, AT);
    private static final Target V6 = new Target("2001:db8::1", 5300, AT);

    @Test
    void shouldMatchHostAndHostPortWhenExact()
    {
        assertTrue(TargetMatch.matches("ns01e.name.example.net", NS01));
        assertTrue(TargetMatch.matches("NS01E.name.example.net:53", NS01));
        assertFalse(TargetMatch.matches("ns01e.name.example.net:5353", NS01));
        assertFalse(TargetMatch.matches("ns01e.name.example", NS01));
        assertFalse(TargetMatch.matches("s01e.name.example.net", NS01));
    }

    @Test
    void shouldMatchGlobsOnHostOrAuthority()
    {
        assertTrue(TargetMatch.matches("ns0*.name.example.net", NS01));
        assertTrue(TargetMatch.matches("ns0?e.*:53", NS01));
        assertTrue(TargetMatch.matches("*", NS01));
        assertFalse(TargetMatch.matches("ns1*", NS01));
        assertFalse(TargetMatch.matches("ns0?.name.example.net", NS01));
        assertFalse(TargetMatch.matches("ns0*.example.net:5300", NS01));
    }

    @Test
    void shouldMatchIpv6WithAndWithoutBrackets()
    {
        assertTrue(TargetMatch.matches("2001:db8::1", V6));
        assertTrue(TargetMatch.matches("[2001:db8::1]", V6));
        assertTrue(TargetMatch.matches("[2001:db8::1]:5300", V6));
        assertTrue(TargetMatch.matches("2001:db8::*", V6));
        assertFalse(TargetMatch.matches("[2001:db8::1]:53", V6));
    }
}
