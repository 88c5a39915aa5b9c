package io.l2.engine.codec;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class RcodeNamesTest
{
    @Test
    void shouldNameTheAssignedRcodes()
    {
        final String[] expected =
        {
            "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET",
            "NOTAUTH", "NOTZONE", "DSOTYPENI", "RCODE12", "RCODE13", "RCODE14", "RCODE15", "BADVERS", "BADKEY",
            "BADTIME", "BADMODE", "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE", "RCODE24",
        };
        for (int rcode = 0; rcode < expected.length; rcode++)
        {
            assertEquals(expected[rcode], RcodeNames.rcodeName(rcode));
        }
        assertEquals("RCODE4095", RcodeNames.rcodeName(4095));
        assertEquals("INVALID", RcodeNames.rcodeName(4096));
        assertEquals("INVALID", RcodeNames.rcodeName(-1));
    }

    @Test
    void shouldAgreeWithDnsjavaOnTheNamesItKnows()
    {
        for (int rcode = 0; rcode <= 11; rcode++)
        {
            assertEquals(Rcode.string(rcode), RcodeNames.rcodeName(rcode));
        }
        for (int rcode = 16; rcode <= 23; rcode++)
        {
            assertEquals(Rcode.string(rcode), RcodeNames.rcodeName(rcode));
        }
    }

    @Test
    void shouldReturnTheSamePrebuiltStringOnEveryLookup()
    {
        for (int rcode = 0; rcode <= RcodeNames.MAX_RCODE; rcode++)
        {
            assertSame(RcodeNames.rcodeName(rcode), RcodeNames.rcodeName(rcode));
        }
    }

    @Test
    void shouldMapEveryNameBackToItsRcodeWhenParsing()
    {
        for (int rcode = 0; rcode <= RcodeNames.MAX_RCODE; rcode++)
        {
            assertEquals(rcode, RcodeNames.rcodeValue(RcodeNames.rcodeName(rcode)));
        }
        assertEquals(RcodeNames.SERVFAIL, RcodeNames.rcodeValue("servfail"));
        assertEquals(-1, RcodeNames.rcodeValue("NOSUCH"));
        assertEquals(-1, RcodeNames.rcodeValue("RCODE4096"));
        assertEquals(-1, RcodeNames.rcodeValue(null));
    }
}
