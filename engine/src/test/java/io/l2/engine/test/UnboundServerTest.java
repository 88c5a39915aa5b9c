/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unbound fixture against a real NSD: it resolves the zone through its stub, caches nothing (answers carry TTL
 * 0), and stops by PID leaving nothing behind. Fails, not skips, without NSD or unbound.
 */
@Tag("real-server")
class UnboundServerTest
{
    private static final int REPLY_TIMEOUT_MS = 2_000;

    @Test
    void shouldResolveThroughStubWithoutCachingAndLeaveNothingWhenClosed() throws IOException
    {
        final ZoneWriter zone = ZoneWriter.exampleTest(3);
        final long pid;
        final Path directory;
        try (NsdServer nsd = NsdServer.start(zone);
            UnboundServer unbound = UnboundServer.start(zone.origin(), nsd.address()))
        {
            pid = unbound.pid();
            directory = unbound.directory();
            assertTrue(Files.isRegularFile(directory.resolve("unbound.conf")));

            final Message host = ask(unbound.address(), zone.hostName(1), Type.A);
            assertEquals(Rcode.NOERROR, host.getRcode(), host.toString());
            final List<Record> answer = host.getSection(Section.ANSWER);
            assertEquals(1, answer.size(), host.toString());
            assertEquals(zone.hostIpv4(1), answer.get(0).rdataToString());
            assertEquals(0, answer.get(0).getTTL(), "cache-max-ttl 0 caps the TTL: " + host);
            assertTrue(host.getHeader().getFlag(Flags.RA), "a resolver: " + host);

            final Message missing = ask(unbound.address(), "nx." + zone.origin(), Type.A);
            assertEquals(Rcode.NXDOMAIN, missing.getRcode(), missing.toString());
        }
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        assertFalse(process.isPresent() && process.get().isAlive(), "unbound " + pid + " still runs");
        assertFalse(Files.exists(directory), directory + " still exists");
    }

    private static Message ask(final InetSocketAddress server, final String name, final int type) throws IOException
    {
        final Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        final byte[] wire = query.toWire();
        final byte[] reply = new byte[4096];
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            socket.setSoTimeout(REPLY_TIMEOUT_MS);
            socket.connect(server);
            socket.send(new DatagramPacket(wire, wire.length));
            final DatagramPacket packet = new DatagramPacket(reply, reply.length);
            socket.receive(packet);
            final Message response = new Message(Arrays.copyOf(reply, packet.getLength()));
            assertEquals(query.getHeader().getID(), response.getHeader().getID());
            return response;
        }
    }
}
