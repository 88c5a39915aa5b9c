package io.l2.engine.codec;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QTypesTest
{
    @Test
    void shouldMapTheCommonMnemonicsToTheirNumbers()
    {
        final Object[][] table =
        {
            {"A", 1, QTypes.A}, {"NS", 2, QTypes.NS}, {"CNAME", 5, QTypes.CNAME}, {"SOA", 6, QTypes.SOA},
            {"PTR", 12, QTypes.PTR}, {"MX", 15, QTypes.MX}, {"TXT", 16, QTypes.TXT}, {"AAAA", 28, QTypes.AAAA},
            {"SRV", 33, QTypes.SRV}, {"NAPTR", 35, QTypes.NAPTR}, {"DS", 43, QTypes.DS},
            {"RRSIG", 46, QTypes.RRSIG}, {"NSEC", 47, QTypes.NSEC}, {"DNSKEY", 48, QTypes.DNSKEY},
            {"NSEC3", 50, QTypes.NSEC3}, {"TLSA", 52, QTypes.TLSA}, {"SVCB", 64, QTypes.SVCB},
            {"HTTPS", 65, QTypes.HTTPS}, {"ANY", 255, QTypes.ANY}, {"CAA", 257, QTypes.CAA},
        };
        for (final Object[] row : table)
        {
            final String mnemonic = (String) row[0];
            final int number = (Integer) row[1];
            assertEquals(number, row[2], mnemonic);
            assertEquals(number, QTypes.value(mnemonic), mnemonic);
            assertEquals(number, QTypes.value(mnemonic.toLowerCase(Locale.ROOT)), mnemonic);
            assertEquals(number, QTypes.parse(mnemonic), mnemonic);
            assertEquals(mnemonic, QTypes.name(number));
            assertEquals(Type.value(mnemonic), number);
        }
    }

    @Test
    void shouldAcceptTheGenericTypeForm()
    {
        assertEquals(65, QTypes.value("TYPE65"));
        assertEquals(65280, QTypes.value("type65280"));
        assertEquals(65535, QTypes.parse("TYPE65535"));
        assertEquals("TYPE65280", QTypes.name(65280));
        assertEquals("HTTPS", QTypes.name(65));
    }

    @Test
    void shouldRejectUnknownAndMetaTypesWithAReason()
    {
        assertEquals(QTypes.INVALID, QTypes.value("AAA"));
        assertEquals(QTypes.INVALID, QTypes.value("65"));
        assertEquals(QTypes.INVALID, QTypes.value("TYPE65536"));
        assertEquals(QTypes.INVALID, QTypes.value(null));
        assertEquals("unknown query type 'AAA'",
            assertThrows(IllegalArgumentException.class, () -> QTypes.parse("AAA")).getMessage());
        for (final String meta : new String[]{"OPT", "AXFR", "IXFR", "TSIG", "TKEY", "TYPE0", "TYPE41"})
        {
            assertEquals(QTypes.INVALID, QTypes.value(meta), meta);
            assertEquals("'" + meta + "' cannot be a query type here (TYPE0, OPT, TKEY, TSIG, IXFR and AXFR are not)",
                assertThrows(IllegalArgumentException.class, () -> QTypes.parse(meta)).getMessage());
        }
        assertFalse(QTypes.isQueryType(0));
        assertFalse(QTypes.isQueryType(65536));
        assertTrue(QTypes.isQueryType(255));
        assertThrows(IllegalArgumentException.class, () -> QTypes.name(-1));
    }

    @Test
    void shouldParseBytesAsTheStringWhenTheMnemonicIsCommonOrNot()
    {
        final String[] mnemonics =
        {
            "A", "a", "AAAA", "aaaa", "AaAa", "ptr", "Mx", "txt", "NS", "cname", "SOA", "srv", "HTTPS", "svcb", "ANY",
            "naptr", "DS", "dnskey", "RRSIG", "nsec", "NSEC3", "nsec3", "TLSA", "caa", "TYPE65", "type1", "SPF", "uri",
            "AAA", "AAAAA", "A ", "", "AXFR", "opt", "TYPE0", "TYPE65536", "\u00c1", "\u00e1", "a\u0000", "NSEC\u0013",
            "NSE3", "CAA.", "65",
        };
        for (final String mnemonic : mnemonics)
        {
            final byte[] text = ("#" + mnemonic + "#").getBytes(StandardCharsets.ISO_8859_1);
            final int from = 1;
            final int to = text.length - 1;
            final int expected;
            try
            {
                expected = QTypes.parse(mnemonic);
            }
            catch (final IllegalArgumentException ex)
            {
                assertEquals(ex.getMessage(), assertThrows(
                    IllegalArgumentException.class, () -> QTypes.parse(text, from, to), mnemonic).getMessage());
                continue;
            }
            assertEquals(expected, QTypes.parse(text, from, to), mnemonic);
        }
    }
}
