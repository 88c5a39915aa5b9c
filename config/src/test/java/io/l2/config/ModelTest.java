package io.l2.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTest
{
    private static final Position HERE = new Position("x.yaml", 1, 1);

    @Test
    void shouldPrintPositionAsFileLineColumn()
    {
        assertEquals("plan.yaml:7:9", new Position("plan.yaml", 7, 9).toString());
        assertEquals("l2.yaml:0:0", Position.ofFile("l2.yaml").toString());
        assertThrows(IllegalArgumentException.class, () -> new Position("f", -1, 0));
    }

    @Test
    void shouldKeepExceptionOnOneLine()
    {
        final ConfigException ex = ConfigException.at(new Position("f.yaml", 2, 3), "bad\n  thing\r\nhere");

        assertEquals("f.yaml:2:3: bad thing here", ex.getMessage());
        assertEquals("bad thing here", ex.reason());
        assertEquals(new Position("f.yaml", 2, 3), ex.position());
    }

    @Test
    void shouldCopyListsAndMapsDefensively()
    {
        final List<String> hosts = new ArrayList<>(List.of("h1"));
        final Datacenter datacenter = new Datacenter("dc", hosts, HERE);
        hosts.add("h2");
        assertEquals(List.of("h1"), datacenter.hosts());
        assertThrows(UnsupportedOperationException.class, () -> datacenter.hosts().add("h3"));

        final Map<String, AmmoEntry> ammo = new LinkedHashMap<>();
        ammo.put("b", new AmmoEntry("b", Path.of("/b"), HERE));
        ammo.put("a", new AmmoEntry("a", Path.of("/a"), HERE));
        final L2Config config = new L2Config(
            null, DaemonSettings.DEFAULTS, new Inventory(List.of()), ammo, Map.of());
        ammo.clear();
        assertEquals(List.of("b", "a"), List.copyOf(config.ammo().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> config.ammo().clear());
    }

    @Test
    void shouldListHostsInDatacenterOrderAndFindSets()
    {
        final ClusterSet set = new ClusterSet("ns+load", List.of(
            new Datacenter("man", List.of("m1", "m2"), HERE), new Datacenter("sas", List.of("s1"), HERE)), HERE);
        final Inventory inventory = new Inventory(List.of(set, new ClusterSet("other", List.of(
            new Datacenter("vla", List.of("v1"), HERE)), HERE)));

        assertEquals(List.of("m1", "m2", "s1"), set.hosts());
        assertEquals(set, inventory.first());
        assertEquals(set, inventory.set("ns+load").orElseThrow());
        assertTrue(inventory.set("nope").isEmpty());
        assertEquals(List.of("ns+load", "other"), inventory.setNames());
        assertThrows(IllegalArgumentException.class, () -> new Inventory(List.of(set, set)));
        assertThrows(IllegalArgumentException.class, () -> new Datacenter("dc", List.of(), HERE));
    }

    @Test
    void shouldEnforceSegmentInvariants()
    {
        assertThrows(IllegalArgumentException.class, () -> new RpsSegment(RpsKind.CONST, 5, 6, 0, 1, HERE));
        assertThrows(IllegalArgumentException.class, () -> new RpsSegment(RpsKind.LINE, 0, 0, 0, 1, HERE));
        assertThrows(IllegalArgumentException.class, () -> new RpsSegment(RpsKind.STEP, 1, 5, 0, 1, HERE));
        assertThrows(IllegalArgumentException.class, () -> new RpsSegment(RpsKind.LINE, 1, 5, 0, 0, HERE));
        assertThrows(ArithmeticException.class,
            () -> new RpsSegment(RpsKind.STEP, 1, 1_000_000_000, 1, Long.MAX_VALUE / 2, HERE));
        assertEquals(1, RpsSegment.constant(5, 1, HERE).levelCount());
        assertEquals(4, new RpsSegment(RpsKind.STEP, 5, 20, 5, 1, HERE).levelCount());
        assertThrows(IllegalArgumentException.class, () -> new Edns(true, 100, false));
        assertThrows(IllegalArgumentException.class, () -> new Edns(false, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Target("h", 0, HERE));
    }
}
