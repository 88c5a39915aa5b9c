/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostSelectorTest
{
    private static final String A = "alpha-26i.lxd.tt.yandex.net";
    private static final String L1 = "dns-load01i.berry.yandex.net";
    private static final String L2 = "dns-load02i.berry.yandex.net";
    private static final String H1 = "dns-load01h.berry.yandex.net";
    private static final String V1 = "dns-load01v.berry.yandex.net";
    private static final String B = "build-bionic-01v.cdn.yandex.net";

    private final HostSelector selector = seedInventory();

    private static HostSelector seedInventory()
    {
        final Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("ns+load", List.of(A, L1, L2, H1, V1, B));
        groups.put("man", List.of(A, L1, L2));
        groups.put("sas", List.of(H1));
        groups.put("vla", List.of(V1, B));
        return new HostSelector(List.of(A, L1, L2, H1, V1, B), groups);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "man                    | alpha-26i dns-load01i dns-load02i",
        "ns+load:&vla           | dns-load01v build-bionic-01v",
        "ns+load,&vla           | dns-load01v build-bionic-01v",
        "all:!dns-load02i*      | alpha-26i dns-load01i dns-load01h dns-load01v build-bionic-01v",
        "!man                   | dns-load01h dns-load01v build-bionic-01v",
        "vla,sas                | dns-load01h dns-load01v build-bionic-01v",
        "dns-load0?[iv]*        | dns-load01i dns-load02i dns-load01v",
        "~dns-load0[12]i.*      | dns-load01i dns-load02i",
        "man[0]                 | alpha-26i",
        "man[1:2]               | dns-load01i dns-load02i",
        "man[-1]                | dns-load02i",
        "dns-load01h.berry.yandex.net | dns-load01h",
        "!man:&dns-*            | dns-load01h dns-load01v",
        "nomatch                | ''",
    })
    void shouldSelectHostsInInventoryOrderWhenGivenAnsiblePattern(final String pattern, final String expected)
    {
        final List<String> shortNames = selector.select(pattern).stream().map(h -> h.substring(0, h.indexOf('.')))
            .toList();
        assertEquals(expected.isEmpty() ? "" : expected, String.join(" ", shortNames));
    }

    @Test
    void shouldReadTermsFromFileWhenPatternStartsWithAt(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("retry");
        Files.writeString(file, "# failed last time\n" + L2 + "\nsas\n");
        assertEquals(List.of(L2, H1), selector.select("@" + file));
    }

    @Test
    void shouldRejectSubscriptOutOfRangeWhenIndexTooLarge()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> selector.select("sas[3]"));
        assertTrue(ex.getMessage().contains("out of range"), ex.getMessage());
    }

    @Test
    void shouldRejectBadRegexWhenTildeTermInvalid()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> selector.select("~(["));
        assertTrue(ex.getMessage().startsWith("bad regular expression"), ex.getMessage());
    }

    @Test
    void shouldRejectEmptyPatternWhenOnlySeparators()
    {
        assertThrows(IllegalArgumentException.class, () -> selector.select(" , : "));
    }
}
