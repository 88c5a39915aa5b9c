package io.l2.engine.ammo;

import io.l2.engine.codec.DnsDescriptor;
import io.l2.engine.codec.DnsQueryEncoder;
import io.l2.engine.codec.QTypes;
import io.l2.engine.codec.QueryOptions;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads ammo in the dnsperf query-file format and encodes it into an {@link AmmoTable} (cold path).
 * <p>
 * The format, as dnsperf reads it: one query per line, a domain name and a query type separated by spaces or tabs
 * ({@code www.example.test AAAA}). The class is IN. Names are absolute whether or not they end in a dot, take
 * {@code \.} and {@code \DDD} escapes and keep their case. Types are mnemonics in any case or {@code TYPEnnn}. Lines
 * whose first non-blank character is {@code ;} (dnsperf's comment) or {@code #} are comments; after the type, a
 * field that starts with {@code ;} or {@code #} begins a trailing comment. Blank lines are skipped, CRLF line ends
 * and a leading UTF-8 byte order mark are tolerated. A file whose name ends in {@code .gz} is gunzipped.
 * <p>
 * Stricter than dnsperf, so a typo cannot silently change the load: the type is required (dnsperf rejects a line
 * without one too), any other extra field is an error, lines are at most {@value #MAX_LINE_LENGTH} bytes, control
 * bytes (binary data) are rejected, and at most {@value #MAX_QUERY_COUNT} queries are read. Loading stops at the
 * first error, an {@link AmmoException} whose message is one line: {@code file:line:column: reason}, where text
 * quoted from the input is printable ASCII (any other byte shows as {@code \xNN}, so a message cannot carry a line
 * break or a terminal escape sequence).
 */
public final class AmmoLoader
{
    /** Longest line, bytes, without its line end. */
    public static final int MAX_LINE_LENGTH = 1024;
    /** Most queries in one ammo (16 Mi). */
    public static final int MAX_QUERY_COUNT = 1 << 24;
    /** Most bytes of encoded queries: the limit of one buffer. */
    public static final long MAX_ENCODED_BYTES = Integer.MAX_VALUE - 8;

    private static final int READ_BUFFER_LENGTH = 64 * 1024;
    private static final int CHUNK_LENGTH = 1024 * 1024;
    private static final int INITIAL_INDEX_LENGTH = 1024;

    private AmmoLoader()
    {
    }

    /**
     * The SHA-256 of an ammo file's content, gunzipped when its name ends in {@code .gz}: the same digest
     * {@link AmmoTable#sha256()} gives once the file is loaded, without parsing it (hosts compare ammo by it).
     *
     * @param file the file.
     * @return the digest in lower-case hex.
     * @throws AmmoException naming the file on any I/O error.
     */
    public static String sha256(final Path file)
    {
        final String source = file.toString();
        final MessageDigest digest;
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
        try (InputStream raw = Files.newInputStream(file);
            InputStream in = source.endsWith(".gz") ? new GZIPInputStream(raw, READ_BUFFER_LENGTH) : raw)
        {
            final byte[] buffer = new byte[READ_BUFFER_LENGTH];
            int n;
            while ((n = in.read(buffer)) >= 0)
            {
                digest.update(buffer, 0, n);
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new AmmoException(source + ": no such file", ex);
        }
        catch (final IOException ex)
        {
            throw new AmmoException(source + ": cannot read: " + printable(ex.getMessage()), ex);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Loads an ammo file; gunzips it when its name ends in {@code .gz}.
     *
     * @param file    the file.
     * @param options how to encode the queries.
     * @return the table; the caller closes it.
     * @throws AmmoException naming the file (and line) on any error, I/O included.
     */
    public static AmmoTable load(final Path file, final QueryOptions options)
    {
        final String source = file.toString();
        if (Files.isDirectory(file))
        {
            throw new AmmoException(source + ": is a directory, not an ammo file");
        }
        final InputStream raw;
        try
        {
            raw = Files.newInputStream(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new AmmoException(source + ": no such file", ex);
        }
        catch (final AccessDeniedException ex)
        {
            throw new AmmoException(source + ": permission denied", ex);
        }
        catch (final IOException ex)
        {
            throw new AmmoException(source + ": cannot open: " + printable(ex.getMessage()), ex);
        }

        try (InputStream in = raw)
        {
            if (source.endsWith(".gz"))
            {
                final GZIPInputStream gunzip;
                try
                {
                    gunzip = new GZIPInputStream(in, READ_BUFFER_LENGTH);
                }
                catch (final ZipException | EOFException ex)
                {
                    throw new AmmoException(source + ": not gzip data, yet the name ends in .gz", ex);
                }
                return new Parser(source, gunzip, options, MAX_QUERY_COUNT).parse();
            }
            return new Parser(source, in, options, MAX_QUERY_COUNT).parse();
        }
        catch (final IOException ex)
        {
            throw new AmmoException(source + ": cannot read: " + printable(ex.getMessage()), ex);
        }
    }

    /**
     * Parses ammo from a stream (not gunzipped); the caller closes the stream.
     *
     * @param sourceName names the source in error messages and in {@link AmmoTable#sourceName()}.
     * @param in         the text.
     * @param options    how to encode the queries.
     * @return the table; the caller closes it.
     * @throws AmmoException naming the source (and line) on any error.
     */
    public static AmmoTable parse(final String sourceName, final InputStream in, final QueryOptions options)
    {
        return new Parser(sourceName, in, options, MAX_QUERY_COUNT).parse();
    }

    static AmmoTable parse(
        final String sourceName, final InputStream in, final QueryOptions options, final int maxQueryCount)
    {
        return new Parser(sourceName, in, options, maxQueryCount).parse();
    }

    /**
     * Text from the input made safe for a one-line message on a terminal: printable ASCII stays, every other char
     * (a line break, a control or escape character, a byte above 0x7E read as ISO-8859-1) becomes {@code \xNN}
     * (four hex digits after a backslash-u above 0xFF).
     *
     * @param text the text, or null.
     * @return the printable text; "null" for null.
     */
    static String printable(final String text)
    {
        if (null == text)
        {
            return "null";
        }
        final StringBuilder printable = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c >= 0x20 && c <= 0x7E)
            {
                printable.append(c);
            }
            else
            {
                printable.append(c <= 0xFF ? String.format("\\x%02X", (int)c) : String.format("\\u%04X", (int)c));
            }
        }
        return printable.toString();
    }

    private static final class Parser
    {
        private final String source;
        private final InputStream in;
        private final QueryOptions options;
        private final int maxQueryCount;
        private final DnsQueryEncoder encoder = new DnsQueryEncoder();
        private final MessageDigest digest;
        private final byte[] readBuffer = new byte[READ_BUFFER_LENGTH];
        private final byte[] line = new byte[MAX_LINE_LENGTH + 1];
        private final List<UnsafeBuffer> chunks = new ArrayList<>();
        private final List<Integer> chunkLengths = new ArrayList<>();

        private int readPosition;
        private int readLimit;
        private boolean endOfInput;
        private int lineNumber;
        private int lineLength;

        private UnsafeBuffer chunk;
        private int chunkPosition;
        private int[] offsets = new int[INITIAL_INDEX_LENGTH + 1];
        private char[] qtypes = new char[INITIAL_INDEX_LENGTH];
        private int count;
        private long encodedBytes;

        Parser(final String source, final InputStream in, final QueryOptions options, final int maxQueryCount)
        {
            this.source = source;
            this.in = in;
            this.options = options;
            this.maxQueryCount = maxQueryCount;
            try
            {
                this.digest = MessageDigest.getInstance("SHA-256");
            }
            catch (final NoSuchAlgorithmException ex)
            {
                throw new IllegalStateException("the JDK has no SHA-256", ex);
            }
        }

        AmmoTable parse()
        {
            try
            {
                while (readLine())
                {
                    parseLine();
                }
                if (0 == count)
                {
                    throw new AmmoException(source + ": no queries (empty ammo)");
                }
                return buildTable();
            }
            finally
            {
                for (final UnsafeBuffer buffer : chunks)
                {
                    BufferUtil.free(buffer.byteBuffer());
                }
            }
        }

        private boolean readLine()
        {
            int length = 0;
            boolean any = false;
            while (true)
            {
                if (readPosition == readLimit && !fill())
                {
                    break;
                }
                final byte b = readBuffer[readPosition++];
                if (!any)
                {
                    any = true;
                    lineNumber++;
                }
                if ('\n' == b)
                {
                    break;
                }
                if (length == line.length)
                {
                    throw error(lineNumber, "line is longer than " + MAX_LINE_LENGTH + " bytes");
                }
                line[length++] = b;
            }
            if (!any)
            {
                return false;
            }
            if (length > 0 && '\r' == line[length - 1])
            {
                length--;
            }
            if (length > MAX_LINE_LENGTH)
            {
                throw error(lineNumber, "line is longer than " + MAX_LINE_LENGTH + " bytes");
            }
            lineLength = length;
            return true;
        }

        private boolean fill()
        {
            if (endOfInput)
            {
                return false;
            }
            try
            {
                int n;
                do
                {
                    n = in.read(readBuffer, 0, readBuffer.length);
                }
                while (0 == n);
                if (n < 0)
                {
                    endOfInput = true;
                    return false;
                }
                digest.update(readBuffer, 0, n);
                readPosition = 0;
                readLimit = n;
                return true;
            }
            catch (final ZipException | EOFException ex)
            {
                throw new AmmoException(source + ":" + (lineNumber + 1) + ": corrupt gzip data (" +
                    printable(ex.getMessage()) + ")", ex);
            }
            catch (final IOException ex)
            {
                throw new AmmoException(
                    source + ":" + (lineNumber + 1) + ": read failed: " + printable(ex.getMessage()), ex);
            }
        }

        private void parseLine()
        {
            int start = 0;
            if (1 == lineNumber && lineLength >= 3 &&
                (byte) 0xEF == line[0] && (byte) 0xBB == line[1] && (byte) 0xBF == line[2])
            {
                start = 3;
            }
            for (int i = start; i < lineLength; i++)
            {
                final int b = line[i] & 0xFF;
                if ((b < 0x20 && '\t' != b) || 0x7F == b)
                {
                    final boolean gzip = 1 == lineNumber && lineLength >= 2 &&
                        (byte) 0x1F == line[0] && (byte) 0x8B == line[1];
                    throw error(lineNumber, i + 1, String.format(
                        "control byte 0x%02X: binary data, not a query file%s", b,
                        gzip ? " (gzip data? name the file *.gz)" : ""));
                }
            }

            final int nameStart = skipBlanks(start);
            if (nameStart == lineLength || isCommentStart(line[nameStart]))
            {
                return;
            }
            final int nameEnd = skipField(nameStart);
            final int typeStart = skipBlanks(nameEnd);
            if (typeStart == lineLength || isCommentStart(line[typeStart]))
            {
                throw error(lineNumber, nameEnd + 1, "missing query type (expected 'name type', e.g. 'example.com A')");
            }
            final int typeEnd = skipField(typeStart);
            final int extraStart = skipBlanks(typeEnd);
            if (extraStart < lineLength && !isCommentStart(line[extraStart]))
            {
                throw error(lineNumber, extraStart + 1, "unexpected field '" + text(extraStart, skipField(extraStart)) +
                    "' (expected 'name type'; comments start with ';' or '#')");
            }

            final int qtype;
            try
            {
                qtype = QTypes.parse(line, typeStart, typeEnd);
            }
            catch (final IllegalArgumentException ex)
            {
                throw error(lineNumber, typeStart + 1, ex.getMessage());
            }
            append(nameStart, nameEnd, qtype);
        }

        /**
         * Encodes the query straight into the current chunk; its name is {@code line[nameStart, nameEnd)}.
         */
        private void append(final int nameStart, final int nameEnd, final int qtype)
        {
            final int maxLength = DnsQueryEncoder.maxEncodedLength(nameEnd - nameStart, options);
            if (null == chunk || chunkPosition + maxLength > CHUNK_LENGTH)
            {
                if (null != chunk)
                {
                    chunkLengths.add(chunkPosition);
                }
                chunk = new UnsafeBuffer(ByteBuffer.allocateDirect(CHUNK_LENGTH));
                chunks.add(chunk);
                chunkPosition = 0;
            }
            final int length;
            try
            {
                length = encoder.encode(
                    chunk, chunkPosition, 0, line, nameStart, nameEnd, qtype, DnsDescriptor.CLASS_IN, options);
            }
            catch (final IllegalArgumentException ex)
            {
                throw error(lineNumber, nameStart + 1, ex.getMessage());
            }
            if (count == maxQueryCount)
            {
                throw error(lineNumber, "more than " + maxQueryCount + " queries: split the ammo");
            }
            if (encodedBytes + length > MAX_ENCODED_BYTES)
            {
                throw error(
                    lineNumber, "the queries encode to more than " + MAX_ENCODED_BYTES + " bytes: split the ammo");
            }
            chunkPosition += length;

            if (count == qtypes.length)
            {
                final int newLength = (int) Math.min((long) qtypes.length * 2, MAX_QUERY_COUNT);
                qtypes = Arrays.copyOf(qtypes, newLength);
                offsets = Arrays.copyOf(offsets, newLength + 1);
            }
            qtypes[count] = (char) qtype;
            encodedBytes += length;
            count++;
            offsets[count] = (int) encodedBytes;
        }

        private AmmoTable buildTable()
        {
            chunkLengths.add(chunkPosition);
            final ByteBuffer table;
            try
            {
                table = ByteBuffer.allocateDirect((int) encodedBytes);
            }
            catch (final OutOfMemoryError ex)
            {
                throw new AmmoException(source + ": not enough direct memory for " + encodedBytes +
                    " bytes of queries (raise -XX:MaxDirectMemorySize)", ex);
            }
            final UnsafeBuffer tableBuffer = new UnsafeBuffer(table);
            int position = 0;
            for (int i = 0; i < chunks.size(); i++)
            {
                final int length = chunkLengths.get(i);
                tableBuffer.putBytes(position, chunks.get(i), 0, length);
                position += length;
            }
            return new AmmoTable(
                source,
                HexFormat.of().formatHex(digest.digest()),
                options,
                table,
                Arrays.copyOf(offsets, count + 1),
                Arrays.copyOf(qtypes, count),
                count);
        }

        private int skipBlanks(final int from)
        {
            int i = from;
            while (i < lineLength && (' ' == line[i] || '\t' == line[i]))
            {
                i++;
            }
            return i;
        }

        private int skipField(final int from)
        {
            int i = from;
            while (i < lineLength && ' ' != line[i] && '\t' != line[i])
            {
                i++;
            }
            return i;
        }

        private static boolean isCommentStart(final byte b)
        {
            return ';' == b || '#' == b;
        }

        private String text(final int from, final int to)
        {
            return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
        }

        private AmmoException error(final int lineNumber, final String reason)
        {
            return new AmmoException(source + ":" + lineNumber + ": " + printable(reason));
        }

        private AmmoException error(final int lineNumber, final int column, final String reason)
        {
            return new AmmoException(source + ":" + lineNumber + ":" + column + ": " + printable(reason));
        }
    }
}
