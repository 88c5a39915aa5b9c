/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.net.ssl.SSLContext;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * DNS over HTTPS (RFC 8484) on one HTTP/2 connection (RFC 9113) inside TLS (ALPN {@code h2}): each query one stream,
 * a POST of the message (or a GET of it, base64url in the path), many streams in flight at once, up to what the
 * server allows; the answers taken from the DATA frames in place, matched by DNS id as on every transport.
 * <p>
 * The HTTP/2 is the part a DNS client needs, written for the shooter's duty cycle rather than taken from a general
 * client: no threads, no callbacks, no allocation per query. Header compression (HPACK, RFC 7541) is made stateless
 * both ways: requests are encoded with the static table and literals that are never indexed, and the client's
 * SETTINGS set the server's dynamic table to 0 bytes, so a response's header block is read without any state: its
 * {@code :status} and {@code content-length} (digits, raw or Huffman-coded) are all l2 takes from it. Flow control:
 * the client opens its receive windows to the maximum at once (and refills the connection's as answers arrive);
 * DATA is sent only within the server's connection window. The server's SETTINGS are awaited before the connection
 * counts as made, so its limit of concurrent streams ({@link #concurrencyLimit()}) is known before the first query.
 * <p>
 * What else can happen to an exchange is told per query through {@link #receiveStatus}: a final status other than
 * 200 (the status; a body it carries is skipped), a stream the server reset ({@link #STREAM_RESET}), a 200 whose
 * body is not one message ({@link #BAD_BODY}). After a GOAWAY (a server rotating its connections) the connection
 * takes no new query ({@link #accepting()}); the streams the server took are still answered, those it did not
 * are lost with the connection (recorded as reset), and the connection ends once the last answer came, when the
 * server closes it, or when the shooter awaits nothing more on it ({@link #abandon()}: what the server still held
 * timed out), and is made again.
 * <p>
 * Owned by one shooter thread.
 */
final class HttpsStreamIo extends TlsStreamIo
{
    /** The ALPN protocol id of HTTP/2 over TLS. */
    static final String ALPN_H2 = "h2";
    /** The path a DoH server answers on unless told otherwise (RFC 8484's example, unbound's default). */
    static final String DEFAULT_PATH = "/dns-query";

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DNS_MESSAGE = "application/dns-message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BASE64URL =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static final int[] STATIC_STATUS = { 200, 204, 206, 304, 400, 404, 500 };
    /** The highest HTTP status (RFC 9110, 15: 100 to 599); a server's three digits above it make a bad answer. */
    private static final int MAX_STATUS = 599;

    static final int FRAME_HEADER_LENGTH = 9;
    static final int DATA = 0;
    static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    private static final int PUSH_PROMISE = 5;
    static final int PING = 6;
    private static final int GOAWAY = 7;
    static final int WINDOW_UPDATE = 8;
    private static final int CONTINUATION = 9;
    static final int FLAG_END_STREAM = 0x1;
    static final int FLAG_ACK = 0x1;
    static final int FLAG_END_HEADERS = 0x4;
    private static final int FLAG_PADDED = 0x8;
    private static final int FLAG_PRIORITY = 0x20;
    private static final int SETTINGS_HEADER_TABLE_SIZE = 1;
    private static final int SETTINGS_ENABLE_PUSH = 2;
    private static final int SETTINGS_MAX_CONCURRENT_STREAMS = 3;
    static final int SETTINGS_INITIAL_WINDOW_SIZE = 4;

    /** The largest frame l2 takes: SETTINGS_MAX_FRAME_SIZE is left at its default. */
    private static final int MAX_FRAME_LENGTH = 16384;
    static final int MAX_WINDOW = 0x7FFFFFFF;
    static final int DEFAULT_WINDOW = 65535;
    /** The connection's receive window is refilled once this much DATA came in. */
    private static final int WINDOW_REFILL = 1 << 30;
    private static final int MAX_STREAM_ID = 0x7FFFFFFF;
    /** Bytes reads may fill: a little more than two of the largest frames. */
    private static final int READ_CAPACITY = 4 * (FRAME_HEADER_LENGTH + MAX_FRAME_LENGTH);
    /** Where an answer spread over several DATA frames is put together. */
    private static final int ASSEMBLY_LENGTH = MAX_MESSAGE_LENGTH;
    /** Out-buffer room kept for SETTINGS and PING acknowledgements, WINDOW_UPDATEs and a closing GOAWAY. */
    private static final int CONTROL_RESERVE = 1024;
    /** The longest :authority and :path l2 sends. */
    static final int MAX_NAME_LENGTH = 1024;

    private static final byte FREE = 0;
    private static final byte OPEN = 1;
    private static final byte DELIVERED = 2;

    private final boolean get;
    private final UnsafeBuffer requestHead;
    private final int requestHeadLength;
    private final UnsafeBuffer requestTail;
    private final int requestTailLength;
    private final UnsafeBuffer path;
    private final int pathLength;
    private final int streamMask;
    private final int[] streamIds;
    private final int[] streamDnsIds;
    private final int[] streamStatus;
    private final int[] streamContentLength;
    private final byte[] streamState;

    private boolean h2Started;
    private boolean serverSettingsSeen;
    private int nextStreamId;
    private long sendWindow;
    private int peerMaxConcurrent;
    private long receivedSinceRefill;
    private int continuationStream;
    private int assemblyStream;
    private int assemblyLength;
    private String goAway;
    private boolean draining;
    private boolean abandoned;
    private int openStreams;
    private int cursor;

    /**
     * @param target             the server, resolved.
     * @param sendSlotLength     room for the longest query, bytes.
     * @param socketBufferLength SO_SNDBUF/SO_RCVBUF asked for, or 0 for the kernel's default.
     * @param sslContext         the client context.
     * @param serverName         SNI and the name checked in the certificate, or null.
     * @param verifyName         whether the certificate must name {@code serverName}.
     * @param authority          the request's {@code :authority} (host, and {@code :port} when not 443).
     * @param path               the request's path, e.g. {@link #DEFAULT_PATH}.
     * @param get                GET (the query base64url-coded in the path) instead of POST.
     * @param streamTableLength  most streams tracked at once: a power of two, the shooter's in-flight table length.
     */
    HttpsStreamIo(
        final InetSocketAddress target,
        final int sendSlotLength,
        final int socketBufferLength,
        final SSLContext sslContext,
        final String serverName,
        final boolean verifyName,
        final String authority,
        final String path,
        final boolean get,
        final int streamTableLength)
    {
        super(target, sendSlotLength, socketBufferLength, sslContext, serverName, verifyName,
            framingOverhead(sendSlotLength, authority, path, get), CONTROL_RESERVE, READ_CAPACITY + ASSEMBLY_LENGTH);
        if (!BitUtil.isPowerOfTwo(streamTableLength))
        {
            throw new IllegalArgumentException("stream table length must be a power of two: " + streamTableLength);
        }
        this.get = get;
        final byte[] authorityBytes = ascii(authority, ":authority");
        final byte[] pathBytes = ascii(path, "path");
        this.path = new UnsafeBuffer(pathBytes);
        pathLength = pathBytes.length;

        // POST: :method POST, :scheme https, :path, :authority, accept, content-type, then content-length's name
        // (its digits are the query's); GET: :method GET, :scheme https, then :path (the path, "?dns=" and the
        // query) and after it :authority and accept. Literals never indexed: the server keeps no state of them.
        requestHead = new UnsafeBuffer(new byte[64 + 2 * MAX_NAME_LENGTH]);
        requestTail = new UnsafeBuffer(new byte[64 + 2 * MAX_NAME_LENGTH]);
        int at = 0;
        if (get)
        {
            requestHead.putByte(at++, (byte)0x82);
            requestHead.putByte(at++, (byte)0x87);
            requestHead.putByte(at++, (byte)0x04);
            requestHeadLength = at;
            at = putLiteral(requestTail, 0, 0x01, authorityBytes);
            at = putLiteral(requestTail, at, 0x0F, 0x04, DNS_MESSAGE);
            requestTailLength = at;
        }
        else
        {
            requestHead.putByte(at++, (byte)0x83);
            requestHead.putByte(at++, (byte)0x87);
            at = putLiteral(requestHead, at, 0x04, pathBytes);
            at = putLiteral(requestHead, at, 0x01, authorityBytes);
            at = putLiteral(requestHead, at, 0x0F, 0x04, DNS_MESSAGE);
            at = putLiteral(requestHead, at, 0x0F, 0x10, DNS_MESSAGE);
            requestHead.putByte(at++, (byte)0x0F);
            requestHead.putByte(at++, (byte)0x0D);
            requestHeadLength = at;
            requestTailLength = 0;
        }

        streamMask = streamTableLength - 1;
        streamIds = new int[streamTableLength];
        streamDnsIds = new int[streamTableLength];
        streamStatus = new int[streamTableLength];
        streamContentLength = new int[streamTableLength];
        streamState = new byte[streamTableLength];
    }

    private static int framingOverhead(
        final int sendSlotLength, final String authority, final String path, final boolean get)
    {
        // two frame headers, the fixed fields with their lengths, the names, and for GET the query in base64url
        final int names = (null == authority ? 0 : authority.length()) + (null == path ? 0 : path.length());
        final int query = get ? 5 + (sendSlotLength * 4 + 2) / 3 : 0;
        return 2 * FRAME_HEADER_LENGTH + 96 + names + query;
    }

    private static byte[] ascii(final String value, final String what)
    {
        if (null == value || value.isEmpty() || value.length() > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME_LENGTH + " characters: " + value);
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F)
            {
                throw new IllegalArgumentException(what + " must be printable ASCII without spaces: " + value);
            }
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    private static int putLiteral(final UnsafeBuffer buffer, final int at, final int first, final byte[] value)
    {
        buffer.putByte(at, (byte)first);
        final int next = putInteger(buffer, at + 1, 7, 0, value.length);
        buffer.putBytes(next, value);
        return next + value.length;
    }

    private static int putLiteral(
        final UnsafeBuffer buffer, final int at, final int first, final int second, final byte[] value)
    {
        buffer.putByte(at, (byte)first);
        return putLiteral(buffer, at + 1, second, value);
    }

    /**
     * HPACK's integer (RFC 7541 5.1) with an N-bit prefix.
     */
    private static int putInteger(
        final UnsafeBuffer buffer, final int at, final int prefixBits, final int flags, final int value)
    {
        final int max = (1 << prefixBits) - 1;
        int i = at;
        if (value < max)
        {
            buffer.putByte(i++, (byte)(flags | value));
            return i;
        }
        buffer.putByte(i++, (byte)(flags | max));
        int rest = value - max;
        while (rest >= 0x80)
        {
            buffer.putByte(i++, (byte)(rest & 0x7F | 0x80));
            rest >>>= 7;
        }
        buffer.putByte(i++, (byte)rest);
        return i;
    }

    private static int integerLength(final int prefixBits, final int value)
    {
        final int max = (1 << prefixBits) - 1;
        if (value < max)
        {
            return 1;
        }
        int length = 2;
        for (int rest = value - max; rest >= 0x80; rest >>>= 7)
        {
            length++;
        }
        return length;
    }

    private static int digitCount(final int value)
    {
        return value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 5;
    }

    String[] applicationProtocols()
    {
        return new String[]{ ALPN_H2 };
    }

    void opened() throws IOException
    {
        super.opened();
        h2Started = false;
        serverSettingsSeen = false;
        nextStreamId = 1;
        sendWindow = DEFAULT_WINDOW;
        peerMaxConcurrent = Integer.MAX_VALUE;
        receivedSinceRefill = 0;
        continuationStream = 0;
        assemblyStream = 0;
        assemblyLength = 0;
        goAway = null;
        draining = false;
        abandoned = false;
        openStreams = 0;
        Arrays.fill(streamState, FREE);
    }

    boolean handshake() throws IOException
    {
        if (!h2Started)
        {
            if (!super.handshake())
            {
                return false;
            }
            final String protocol = applicationProtocol();
            if (!ALPN_H2.equals(protocol))
            {
                throw new IOException("HTTP/2 not agreed by ALPN (offered h2, the server chose " +
                    (null == protocol || protocol.isEmpty() ? "none" : protocol) + ")");
            }
            h2Started = true;
            startConnection();
        }
        if (outEnd > outStart)
        {
            outByteBuffer.limit(outEnd).position(outStart);
            outStart += writeBytes(outByteBuffer);
        }
        while (!serverSettingsSeen)
        {
            if (0 != parse(receiveSlotCount))
            {
                throw new IOException("HTTP/2: an answer came before the server's SETTINGS");
            }
            if (serverSettingsSeen)
            {
                break;
            }
            final int read = readBuffered();
            if (read < 0)
            {
                throw new IOException("HTTP/2: the server closed the connection before its SETTINGS");
            }
            if (0 == read)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The client's preface: the magic, SETTINGS (no dynamic table for the server's encoder, no push, the largest
     * stream window), and a WINDOW_UPDATE opening the connection's window as far.
     */
    private void startConnection()
    {
        int at = outEnd;
        outBuffer.putBytes(at, PREFACE);
        at += PREFACE.length;
        at = putFrameHeader(at, 3 * 6, SETTINGS, 0, 0);
        at = putSetting(at, SETTINGS_HEADER_TABLE_SIZE, 0);
        at = putSetting(at, SETTINGS_ENABLE_PUSH, 0);
        at = putSetting(at, SETTINGS_INITIAL_WINDOW_SIZE, MAX_WINDOW);
        at = putFrameHeader(at, 4, WINDOW_UPDATE, 0, 0);
        outBuffer.putInt(at, MAX_WINDOW - DEFAULT_WINDOW, ByteOrder.BIG_ENDIAN);
        outEnd = at + 4;
    }

    /**
     * HTTP/2's GOAWAY with NO_ERROR (RFC 9113 6.8: the server started no stream, so the last is 0), then TLS's
     * close_notify.
     */
    void sayGoodbye() throws IOException
    {
        final int at = reserveControl(FRAME_HEADER_LENGTH + 8);
        putFrameHeader(at, 8, GOAWAY, 0, 0);
        outBuffer.putInt(at + FRAME_HEADER_LENGTH, 0, ByteOrder.BIG_ENDIAN);
        outBuffer.putInt(at + FRAME_HEADER_LENGTH + 4, 0, ByteOrder.BIG_ENDIAN);
        flush();
        super.sayGoodbye();
    }

    private int putSetting(final int at, final int id, final int value)
    {
        outBuffer.putShort(at, (short)id, ByteOrder.BIG_ENDIAN);
        outBuffer.putInt(at + 2, value, ByteOrder.BIG_ENDIAN);
        return at + 6;
    }

    private int putFrameHeader(final int at, final int length, final int type, final int flags, final int streamId)
    {
        outBuffer.putByte(at, (byte)(length >>> 16));
        outBuffer.putShort(at + 1, (short)length, ByteOrder.BIG_ENDIAN);
        outBuffer.putByte(at + 3, (byte)type);
        outBuffer.putByte(at + 4, (byte)flags);
        outBuffer.putInt(at + 5, streamId, ByteOrder.BIG_ENDIAN);
        return at + FRAME_HEADER_LENGTH;
    }

    int concurrencyLimit()
    {
        return Math.min(peerMaxConcurrent, streamMask + 1);
    }

    int frame(final int i, final int at, final int room)
    {
        final int length = sendLengths[i];
        final int streamId = nextStreamId;
        if (draining || streamId > MAX_STREAM_ID - 2 || streamId < 0 || (!get && length > sendWindow))
        {
            return 0;
        }
        final int queryOffset = sendOffset(i);
        final int blockLength;
        final int total;
        if (get)
        {
            final int encoded = (length * 4 + 2) / 3;
            final int pathValue = pathLength + 5 + encoded;
            blockLength = requestHeadLength + integerLength(7, pathValue) + pathValue + requestTailLength;
            total = FRAME_HEADER_LENGTH + blockLength;
            if (total > room)
            {
                return 0;
            }
            int p = putFrameHeader(at, blockLength, HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM, streamId);
            outBuffer.putBytes(p, requestHead, 0, requestHeadLength);
            p = putInteger(outBuffer, p + requestHeadLength, 7, 0, pathValue);
            outBuffer.putBytes(p, path, 0, pathLength);
            p += pathLength;
            outBuffer.putByte(p++, (byte)'?');
            outBuffer.putByte(p++, (byte)'d');
            outBuffer.putByte(p++, (byte)'n');
            outBuffer.putByte(p++, (byte)'s');
            outBuffer.putByte(p++, (byte)'=');
            p = putBase64Url(p, queryOffset, length);
            outBuffer.putBytes(p, requestTail, 0, requestTailLength);
        }
        else
        {
            final int digits = digitCount(length);
            blockLength = requestHeadLength + 1 + digits;
            total = 2 * FRAME_HEADER_LENGTH + blockLength + length;
            if (total > room)
            {
                return 0;
            }
            int p = putFrameHeader(at, blockLength, HEADERS, FLAG_END_HEADERS, streamId);
            outBuffer.putBytes(p, requestHead, 0, requestHeadLength);
            p += requestHeadLength;
            outBuffer.putByte(p++, (byte)digits);
            for (int d = digits - 1, value = length; d >= 0; d--, value /= 10)
            {
                outBuffer.putByte(p + d, (byte)('0' + value % 10));
            }
            p = putFrameHeader(p + digits, length, DATA, FLAG_END_STREAM, streamId);
            outBuffer.putBytes(p, sendBuffer, queryOffset, length);
            sendWindow -= length;
        }

        final int slot = (streamId >>> 1) & streamMask;
        streamIds[slot] = streamId;
        streamDnsIds[slot] = sendBuffer.getShort(queryOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        streamStatus[slot] = 0;
        streamContentLength[slot] = -1;
        setState(slot, OPEN);
        nextStreamId = streamId + 2;
        return total;
    }

    private int putBase64Url(final int at, final int offset, final int length)
    {
        int p = at;
        int i = 0;
        for (; i + 3 <= length; i += 3)
        {
            final int bits = (sendBuffer.getByte(offset + i) & 0xFF) << 16 |
                (sendBuffer.getByte(offset + i + 1) & 0xFF) << 8 | sendBuffer.getByte(offset + i + 2) & 0xFF;
            outBuffer.putByte(p++, BASE64URL[bits >>> 18]);
            outBuffer.putByte(p++, BASE64URL[bits >>> 12 & 0x3F]);
            outBuffer.putByte(p++, BASE64URL[bits >>> 6 & 0x3F]);
            outBuffer.putByte(p++, BASE64URL[bits & 0x3F]);
        }
        if (length - i == 1)
        {
            final int bits = (sendBuffer.getByte(offset + i) & 0xFF) << 16;
            outBuffer.putByte(p++, BASE64URL[bits >>> 18]);
            outBuffer.putByte(p++, BASE64URL[bits >>> 12 & 0x3F]);
        }
        else if (length - i == 2)
        {
            final int bits = (sendBuffer.getByte(offset + i) & 0xFF) << 16 |
                (sendBuffer.getByte(offset + i + 1) & 0xFF) << 8;
            outBuffer.putByte(p++, BASE64URL[bits >>> 18]);
            outBuffer.putByte(p++, BASE64URL[bits >>> 12 & 0x3F]);
            outBuffer.putByte(p++, BASE64URL[bits >>> 6 & 0x3F]);
        }
        return p;
    }

    int readCapacity()
    {
        return READ_CAPACITY;
    }

    boolean hasUnreadMessage()
    {
        if (draining && (0 == openStreams || abandoned))
        {
            // nothing more will come on it, or nothing more is awaited: the next receive ends it
            return true;
        }
        final int buffered = readEnd - readStart;
        return buffered >= FRAME_HEADER_LENGTH && buffered - FRAME_HEADER_LENGTH >= frameLength(readStart);
    }

    private int frameLength(final int at)
    {
        return (receiveBuffer.getByte(at) & 0xFF) << 16 | receiveBuffer.getShort(at + 1, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    int parse(final int limit) throws IOException
    {
        if (draining && 0 == openStreams)
        {
            throw new IOException(goAway + "; every stream it took was answered");
        }
        if (abandoned)
        {
            throw new IOException(goAway + "; " + openStreams + " stream(s) it took still unanswered when the " +
                "queries on them timed out");
        }
        if (nextStreamId > MAX_STREAM_ID - 2 || nextStreamId < 0)
        {
            throw new IOException("HTTP/2: the connection's stream ids are used up; it is made again");
        }
        final int most = Math.min(limit, receiveSlotCount);
        int count = 0;
        while (count < most && readEnd - readStart >= FRAME_HEADER_LENGTH)
        {
            final int length = frameLength(readStart);
            if (length > MAX_FRAME_LENGTH)
            {
                throw new IOException("HTTP/2: a frame of " + length + " bytes, above the " + MAX_FRAME_LENGTH +
                    " l2 takes");
            }
            if (readEnd - readStart - FRAME_HEADER_LENGTH < length)
            {
                break;
            }
            final int type = receiveBuffer.getByte(readStart + 3) & 0xFF;
            final int flags = receiveBuffer.getByte(readStart + 4) & 0xFF;
            final int streamId = receiveBuffer.getInt(readStart + 5, ByteOrder.BIG_ENDIAN) & MAX_STREAM_ID;
            final int payload = readStart + FRAME_HEADER_LENGTH;
            readStart = payload + length;
            if (0 != continuationStream && CONTINUATION != type)
            {
                throw new IOException("HTTP/2: a header block broken by a frame of type " + type);
            }
            switch (type)
            {
                case DATA:
                    count += onData(streamId, flags, payload, length, count);
                    break;
                case HEADERS:
                    count += onHeaders(streamId, flags, payload, length, count);
                    break;
                case CONTINUATION:
                    count += onContinuation(streamId, flags, count);
                    break;
                case RST_STREAM:
                    count += onReset(streamId, count);
                    break;
                case SETTINGS:
                    onSettings(flags, payload, length);
                    break;
                case PING:
                    onPing(flags, payload, length);
                    break;
                case GOAWAY:
                    onGoAway(payload, length);
                    break;
                case WINDOW_UPDATE:
                    if (0 == streamId && 4 == length)
                    {
                        sendWindow = Math.min(MAX_WINDOW,
                            sendWindow + (receiveBuffer.getInt(payload, ByteOrder.BIG_ENDIAN) & MAX_WINDOW));
                    }
                    break;
                case PUSH_PROMISE:
                    throw new IOException("HTTP/2: a PUSH_PROMISE, though l2's SETTINGS disabled push");
                default:
                    // PRIORITY and frame types l2 does not know are skipped (RFC 9113 4.1)
                    break;
            }
            if (0 != count && receiveOffsets[count - 1] >= READ_CAPACITY)
            {
                // an answer put together: it stays where it is only until the next frame is looked at
                return count;
            }
        }
        if (readStart == readEnd)
        {
            readStart = 0;
            readEnd = 0;
        }
        return count;
    }

    /**
     * The server will take no new stream: those above its last one were not processed and are dropped here (they are
     * recorded as reset when the connection ends); those it took are still answered. The connection takes no more
     * queries ({@link #accepting()}) and ends once the last of them is answered, when the server closes it, or once
     * the shooter gave up on them ({@link #abandon()}).
     */
    private void onGoAway(final int payload, final int length)
    {
        final int lastStreamId = length >= 4 ? receiveBuffer.getInt(payload, ByteOrder.BIG_ENDIAN) & MAX_STREAM_ID : 0;
        if (!draining)
        {
            goAway = "HTTP/2 GOAWAY from the server (error " +
                (length >= 8 ? receiveBuffer.getInt(payload + 4, ByteOrder.BIG_ENDIAN) : -1) + ", last stream " +
                lastStreamId + ")";
        }
        draining = true;
        for (int slot = 0; slot <= streamMask; slot++)
        {
            if (FREE != streamState[slot] && streamIds[slot] > lastStreamId)
            {
                setState(slot, FREE);
            }
        }
        if (assemblyStream > lastStreamId)
        {
            assemblyStream = 0;
            assemblyLength = 0;
        }
    }

    private void setState(final int slot, final byte state)
    {
        openStreams += (FREE != state ? 1 : 0) - (FREE != streamState[slot] ? 1 : 0);
        streamState[slot] = state;
    }

    boolean accepting()
    {
        return !draining;
    }

    void abandon()
    {
        abandoned = draining;
    }

    private int slotOf(final int streamId)
    {
        final int slot = (streamId >>> 1) & streamMask;
        return 0 != streamId && streamIds[slot] == streamId && FREE != streamState[slot] ? slot : -1;
    }

    private int onHeaders(final int streamId, final int flags, final int payload, final int length, final int count)
        throws IOException
    {
        int start = payload;
        int end = payload + length;
        if (0 != (flags & FLAG_PADDED))
        {
            end -= receiveBuffer.getByte(start++) & 0xFF;
        }
        if (0 != (flags & FLAG_PRIORITY))
        {
            start += 5;
        }
        if (start > end)
        {
            throw new IOException("HTTP/2: a HEADERS frame shorter than its padding");
        }
        final boolean endStream = 0 != (flags & FLAG_END_STREAM);
        if (0 == (flags & FLAG_END_HEADERS))
        {
            // the rest of the block comes in CONTINUATION frames: l2 reads only this first part (a response's
            // :status is its first field); END_STREAM takes effect at the block's end
            continuationStream = endStream ? -streamId : streamId;
        }
        final int slot = slotOf(streamId);
        if (slot < 0 || OPEN != streamState[slot])
        {
            if (slot >= 0 && endStream && 0 == continuationStream)
            {
                setState(slot, FREE);
            }
            return 0;
        }
        if (0 == streamStatus[slot] || streamStatus[slot] < 200)
        {
            final int status = decodeHeaderBlock(start, end, slot);
            if (status < 0)
            {
                throw new IOException("HTTP/2: a response without a :status l2 can read");
            }
            streamStatus[slot] = status < 200 ? 0 : status;
        }
        final int status = streamStatus[slot];
        if (0 != status && 200 != status)
        {
            // three digits past 599 are no HTTP status (RFC 9110, 15): a malformed response (RFC 9113, 8.1.1), the
            // stream's alone
            emitStatus(count, slot, status > MAX_STATUS ? BAD_BODY : status);
            setState(slot, endStream && 0 == continuationStream ? FREE : DELIVERED);
            return 1;
        }
        if (endStream && 0 == continuationStream)
        {
            // trailers after a body without a length, or a 200 without a body
            setState(slot, FREE);
            return endAssembly(streamId, count, slot);
        }
        return 0;
    }

    /**
     * A 200's stream ended without its body having been taken: what was put together of it is the answer, if any.
     */
    private int endAssembly(final int streamId, final int count, final int slot)
    {
        if (assemblyStream == streamId && assemblyLength > 0)
        {
            receiveOffsets[count] = READ_CAPACITY;
            receiveLengths[count] = assemblyLength;
            receiveStatus[count] = 0;
            assemblyStream = 0;
            assemblyLength = 0;
            return 1;
        }
        emitStatus(count, slot, BAD_BODY);
        return 1;
    }

    private int onContinuation(final int streamId, final int flags, final int count) throws IOException
    {
        final int expected = continuationStream < 0 ? -continuationStream : continuationStream;
        if (streamId != expected)
        {
            throw new IOException("HTTP/2: a CONTINUATION of stream " + streamId + " while " + expected + " was open");
        }
        if (0 == (flags & FLAG_END_HEADERS))
        {
            return 0;
        }
        final boolean endStream = continuationStream < 0;
        continuationStream = 0;
        final int slot = slotOf(streamId);
        if (!endStream || slot < 0)
        {
            return 0;
        }
        if (OPEN == streamState[slot])
        {
            setState(slot, FREE);
            return endAssembly(streamId, count, slot);
        }
        setState(slot, FREE);
        return 0;
    }

    private int onData(final int streamId, final int flags, final int payload, final int length, final int count)
        throws IOException
    {
        receivedSinceRefill += length;
        if (receivedSinceRefill >= WINDOW_REFILL)
        {
            queueWindowUpdate((int)receivedSinceRefill);
            receivedSinceRefill = 0;
        }
        int start = payload;
        int end = payload + length;
        if (0 != (flags & FLAG_PADDED) && length > 0)
        {
            end -= receiveBuffer.getByte(start++) & 0xFF;
        }
        if (start > end)
        {
            throw new IOException("HTTP/2: a DATA frame shorter than its padding");
        }
        final boolean endStream = 0 != (flags & FLAG_END_STREAM);
        final int slot = slotOf(streamId);
        if (slot < 0)
        {
            return 0;
        }
        if (OPEN != streamState[slot] || 200 != streamStatus[slot])
        {
            // the rest of an answer already taken, the body of a status already told, or DATA before any HEADERS
            if (endStream)
            {
                if (OPEN == streamState[slot])
                {
                    setState(slot, FREE);
                    emitStatus(count, slot, BAD_BODY);
                    return 1;
                }
                setState(slot, FREE);
            }
            return 0;
        }

        final int bodyLength = end - start;
        final int contentLength = streamContentLength[slot];
        if (assemblyStream != streamId && (endStream || contentLength == bodyLength))
        {
            // the whole answer in this frame: taken where it lies
            receiveOffsets[count] = start;
            receiveLengths[count] = bodyLength;
            receiveStatus[count] = 0;
            setState(slot, endStream ? FREE : DELIVERED);
            return 1;
        }
        if (0 != assemblyStream && assemblyStream != streamId)
        {
            // two answers spread over frames at once: l2 puts one together at a time
            setState(slot, endStream ? FREE : DELIVERED);
            emitStatus(count, slot, BAD_BODY);
            return 1;
        }
        if (assemblyLength + bodyLength > ASSEMBLY_LENGTH)
        {
            assemblyStream = 0;
            assemblyLength = 0;
            setState(slot, endStream ? FREE : DELIVERED);
            emitStatus(count, slot, BAD_BODY);
            return 1;
        }
        assemblyStream = streamId;
        receiveBuffer.putBytes(READ_CAPACITY + assemblyLength, receiveBuffer, start, bodyLength);
        assemblyLength += bodyLength;
        if (endStream || assemblyLength == contentLength)
        {
            receiveOffsets[count] = READ_CAPACITY;
            receiveLengths[count] = assemblyLength;
            receiveStatus[count] = 0;
            setState(slot, endStream ? FREE : DELIVERED);
            assemblyStream = 0;
            assemblyLength = 0;
            return 1;
        }
        return 0;
    }

    private int onReset(final int streamId, final int count)
    {
        final int slot = slotOf(streamId);
        if (slot < 0)
        {
            return 0;
        }
        final boolean open = OPEN == streamState[slot];
        setState(slot, FREE);
        if (assemblyStream == streamId)
        {
            assemblyStream = 0;
            assemblyLength = 0;
        }
        if (open)
        {
            emitStatus(count, slot, STREAM_RESET);
            return 1;
        }
        return 0;
    }

    private void onSettings(final int flags, final int payload, final int length) throws IOException
    {
        if (0 != (flags & FLAG_ACK))
        {
            return;
        }
        if (0 != length % 6)
        {
            throw new IOException("HTTP/2: a SETTINGS frame of " + length + " bytes");
        }
        for (int at = payload; at < payload + length; at += 6)
        {
            final int id = receiveBuffer.getShort(at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final long value = receiveBuffer.getInt(at + 2, ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL;
            if (SETTINGS_MAX_CONCURRENT_STREAMS == id)
            {
                peerMaxConcurrent = (int)Math.min(Integer.MAX_VALUE, value);
            }
        }
        serverSettingsSeen = true;
        final int at = reserveControl(FRAME_HEADER_LENGTH);
        putFrameHeader(at, 0, SETTINGS, FLAG_ACK, 0);
    }

    private void onPing(final int flags, final int payload, final int length) throws IOException
    {
        if (0 != (flags & FLAG_ACK))
        {
            return;
        }
        if (8 != length)
        {
            throw new IOException("HTTP/2: a PING of " + length + " bytes");
        }
        final int at = reserveControl(FRAME_HEADER_LENGTH + 8);
        putFrameHeader(at, 8, PING, FLAG_ACK, 0);
        outBuffer.putBytes(at + FRAME_HEADER_LENGTH, receiveBuffer, payload, 8);
    }

    private void queueWindowUpdate(final int increment) throws IOException
    {
        final int at = reserveControl(FRAME_HEADER_LENGTH + 4);
        putFrameHeader(at, 4, WINDOW_UPDATE, 0, 0);
        outBuffer.putInt(at + FRAME_HEADER_LENGTH, increment, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return where in the out buffer a control frame of {@code length} bytes goes (it is written after what waits).
     */
    private int reserveControl(final int length) throws IOException
    {
        if (outEnd + length > outBuffer.capacity())
        {
            compactOut();
            if (outEnd + length > outBuffer.capacity())
            {
                throw new IOException("HTTP/2: the server's control frames outran the connection");
            }
        }
        final int at = outEnd;
        outEnd += length;
        return at;
    }

    private void emitStatus(final int count, final int slot, final int status)
    {
        receiveOffsets[count] = 0;
        receiveLengths[count] = 0;
        receiveStatus[count] = status;
        receiveIds[count] = streamDnsIds[slot];
    }

    /**
     * Reads a response's header block, stateless (the server's dynamic table is 0 bytes): its {@code :status}, and
     * its {@code content-length} into the stream's slot.
     *
     * @return the status, 0 when the block has none, -1 when it cannot be read.
     */
    private int decodeHeaderBlock(final int start, final int end, final int slot)
    {
        int status = 0;
        cursor = start;
        while (cursor < end)
        {
            final int first = receiveBuffer.getByte(cursor) & 0xFF;
            if (0 != (first & 0x80))
            {
                final int index = readInteger(end, 7);
                if (index >= 8 && index <= 14)
                {
                    status = STATIC_STATUS[index - 8];
                }
                else if (index > 61 || index <= 0)
                {
                    return -1;
                }
            }
            else if (0x20 == (first & 0xE0))
            {
                readInteger(end, 5);
            }
            else
            {
                final int nameIndex = readInteger(end, 0 != (first & 0x40) ? 6 : 4);
                if (nameIndex < 0 || nameIndex > 61)
                {
                    return -1;
                }
                if (0 == nameIndex && skipString(end) < 0)
                {
                    return -1;
                }
                if (cursor >= end)
                {
                    return -1;
                }
                final boolean huffman = 0 != (receiveBuffer.getByte(cursor) & 0x80);
                final int valueLength = readInteger(end, 7);
                if (valueLength < 0 || cursor + valueLength > end)
                {
                    return -1;
                }
                if (nameIndex >= 8 && nameIndex <= 14)
                {
                    status = digits(cursor, valueLength, huffman);
                    if (status < 100 || status > 999)
                    {
                        return -1;
                    }
                }
                else if (28 == nameIndex)
                {
                    streamContentLength[slot] = digits(cursor, valueLength, huffman);
                }
                cursor += valueLength;
            }
            if (cursor < 0)
            {
                return -1;
            }
        }
        return status;
    }

    private int skipString(final int end)
    {
        if (cursor >= end)
        {
            cursor = -1;
            return -1;
        }
        final int length = readInteger(end, 7);
        if (length < 0 || cursor + length > end)
        {
            cursor = -1;
            return -1;
        }
        cursor += length;
        return length;
    }

    /**
     * HPACK's integer at the cursor, the cursor moved past it.
     *
     * @return the value, or -1 (the cursor then -1) when it runs past the end or above 2^28.
     */
    private int readInteger(final int end, final int prefixBits)
    {
        final int max = (1 << prefixBits) - 1;
        int value = receiveBuffer.getByte(cursor++) & max;
        if (value < max)
        {
            return value;
        }
        for (int shift = 0; shift <= 21; shift += 7)
        {
            if (cursor >= end)
            {
                cursor = -1;
                return -1;
            }
            final int b = receiveBuffer.getByte(cursor++) & 0xFF;
            value += (b & 0x7F) << shift;
            if (0 == (b & 0x80))
            {
                return value;
            }
        }
        cursor = -1;
        return -1;
    }

    /**
     * A header value of decimal digits, raw or Huffman-coded (RFC 7541 appendix B: '0'-'2' are 5-bit codes 0-2,
     * '3'-'9' 6-bit codes 0x19-0x1f; the last byte is padded with ones).
     *
     * @return its value, or -1 when it is not digits or above 999,999,999.
     */
    private int digits(final int start, final int length, final boolean huffman)
    {
        long value = 0;
        int digitCount = 0;
        if (!huffman)
        {
            for (int i = start; i < start + length; i++)
            {
                final int c = receiveBuffer.getByte(i) - '0';
                if (c < 0 || c > 9 || ++digitCount > 9)
                {
                    return -1;
                }
                value = value * 10 + c;
            }
            return 0 == digitCount ? -1 : (int)value;
        }
        final long totalBits = 8L * length;
        long bit = 0;
        while (bit < totalBits)
        {
            final int code5 = bits(start, bit, 5, totalBits);
            if (code5 >= 0 && code5 <= 2)
            {
                value = value * 10 + code5;
                bit += 5;
            }
            else
            {
                final int code6 = bits(start, bit, 6, totalBits);
                if (code6 >= 0x19 && code6 <= 0x1F)
                {
                    value = value * 10 + 3 + code6 - 0x19;
                    bit += 6;
                }
                else
                {
                    // the padding: fewer than 8 bits, all ones
                    final int left = (int)(totalBits - bit);
                    if (left < 8 && bits(start, bit, left, totalBits) == (1 << left) - 1)
                    {
                        break;
                    }
                    return -1;
                }
            }
            if (++digitCount > 9)
            {
                return -1;
            }
        }
        return 0 == digitCount ? -1 : (int)value;
    }

    /**
     * @return {@code count} bits from bit {@code from} of the bytes at {@code start}, or -1 past the end.
     */
    private int bits(final int start, final long from, final int count, final long totalBits)
    {
        if (from + count > totalBits)
        {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < count; i++)
        {
            final long b = from + i;
            value = value << 1 | (receiveBuffer.getByte(start + (int)(b >>> 3)) >>> (7 - (int)(b & 7))) & 1;
        }
        return value;
    }

    String name()
    {
        return Transport.DOH.alias();
    }

    int transportCode()
    {
        return Transport.DOH.code();
    }
}
