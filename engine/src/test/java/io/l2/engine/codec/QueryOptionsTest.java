package io.l2.engine.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryOptionsTest
{
    @Test
    void shouldDefaultToRecursionDesiredWithoutEdns()
    {
        final QueryOptions options = QueryOptions.defaults();
        assertTrue(options.recursionDesired());
        assertFalse(options.edns());
        assertEquals(1232, options.ednsUdpSize());
        assertFalse(options.dnssecOk());
    }

    @Test
    void shouldAcceptUdpSizesFrom512To65535()
    {
        assertEquals(512, QueryOptions.withEdns(true, 512, false).ednsUdpSize());
        assertEquals(65535, QueryOptions.withEdns(true, 65535, true).ednsUdpSize());
        assertEquals("ednsUdpSize must be 512..65535, got 511",
            assertThrows(IllegalArgumentException.class, () -> QueryOptions.withEdns(true, 511, false)).getMessage());
        assertEquals("ednsUdpSize must be 512..65535, got 65536",
            assertThrows(IllegalArgumentException.class, () -> new QueryOptions(true, false, 65536, false))
                .getMessage());
    }

    @Test
    void shouldRejectDnssecOkWhenEdnsIsOff()
    {
        assertEquals("dnssecOk needs edns: the DO bit lives in the EDNS OPT record",
            assertThrows(IllegalArgumentException.class, () -> new QueryOptions(true, false, 1232, true))
                .getMessage());
    }
}
