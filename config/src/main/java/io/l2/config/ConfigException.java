package io.l2.config;

import java.util.Objects;

/**
 * A mistake in a configuration file or plan, with the place it was found.
 * <p>
 * {@link #getMessage()} is exactly one line, {@code file:line:column: what is wrong}, fit to be printed to an operator
 * as it is. Instances are immutable and safe to share between threads.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final Position position;
    private final String reason;

    private ConfigException(final Position position, final String reason)
    {
        super(position + ": " + reason);
        this.position = position;
        this.reason = reason;
    }

    /**
     * Creates an exception for a mistake at a position. Line breaks in the reason are folded into spaces, so the
     * message stays on one line, and any other control or format character (one quoted from the input: a NUL, an
     * escape sequence, a bidirectional override) is written as {@code U+XXXX}, so it cannot act on a terminal.
     *
     * @param position where the mistake is.
     * @param reason   what is wrong, without the position.
     * @return the exception, for the caller to throw.
     */
    public static ConfigException at(final Position position, final String reason)
    {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(reason, "reason");
        return new ConfigException(position, oneLine(reason));
    }

    /**
     * Where the mistake is.
     *
     * @return the position.
     */
    public Position position()
    {
        return position;
    }

    /**
     * What is wrong, without the position.
     *
     * @return the reason, one line.
     */
    public String reason()
    {
        return reason;
    }

    static String oneLine(final String text)
    {
        final String folded = text.replaceAll("\\s*[\\r\\n\\u0085\\u2028\\u2029]+\\s*", " ").strip();
        StringBuilder printable = null;
        for (int i = 0; i < folded.length(); i++)
        {
            final char c = folded.charAt(i);
            final int type = Character.getType(c);
            if (Character.CONTROL == type || Character.FORMAT == type)
            {
                if (null == printable)
                {
                    printable = new StringBuilder(folded.length() + 16).append(folded, 0, i);
                }
                printable.append(String.format("U+%04X", (int)c));
            }
            else if (null != printable)
            {
                printable.append(c);
            }
        }
        return null == printable ? folded : printable.toString();
    }
}
