package io.l2.engine.responder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The zone {@code resp.test.} the responder tests serve: every kind of answer the responder gives, known in advance.
 */
final class TestZone
{
    static final String ORIGIN = "resp.test.";
    static final String TEXT_200 = "x".repeat(200);

    private TestZone()
    {
    }

    static String text()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("$ORIGIN ").append(ORIGIN).append('\n');
        sb.append("$TTL 300\n");
        sb.append("@ IN SOA ns1 hostmaster 2026112601 3600 600 86400 60\n");
        sb.append("@ IN NS ns1\n");
        sb.append("@ IN NS ns2\n");
        sb.append("@ IN MX 10 mail\n");
        sb.append("@ IN TXT \"apex text\"\n");
        sb.append("ns1 IN A 192.0.2.1\n");
        sb.append("ns2 IN A 192.0.2.2\n");
        sb.append("mail 600 IN A 192.0.2.25\n");
        sb.append("mail IN AAAA 2001:db8::25\n");
        sb.append("www IN CNAME web\n");
        sb.append("web IN A 192.0.2.80\n");
        sb.append("web IN A 192.0.2.81\n");
        sb.append("web IN AAAA 2001:db8::80\n");
        sb.append("alias IN CNAME www\n");
        sb.append("dangling IN CNAME nothere\n");
        sb.append("away IN CNAME www.example.net.\n");
        sb.append("loop1 IN CNAME loop2\n");
        sb.append("loop2 IN CNAME loop1\n");
        sb.append("_dns._udp IN SRV 0 0 53 ns1\n");
        sb.append("MiXeD IN A 192.0.2.99\n");
        sb.append("big IN TXT \"").append(TEXT_200).append("\" \"").append(TEXT_200).append("\" \"")
            .append(TEXT_200).append("\"\n");
        for (int i = 0; i < 8; i++)
        {
            sb.append("huge IN TXT \"").append(i).append(TEXT_200).append("\"\n");
        }
        return sb.toString();
    }

    static Path writeTo(final Path file)
    {
        try
        {
            Files.writeString(file, text(), StandardCharsets.US_ASCII);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
