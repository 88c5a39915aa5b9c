package io.l2.engine.ammo;

/**
 * Bad ammo: the message is one line that names the source and, where there is one, the line and column, e.g.
 * {@code queries.txt:12:17: unknown query type 'AAA'} or {@code queries.txt: no queries (empty ammo)}.
 */
public final class AmmoException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An error with its full message.
     *
     * @param message {@code source[:line[:column]]: reason}.
     */
    public AmmoException(final String message)
    {
        super(message);
    }

    /**
     * An error with its full message and cause.
     *
     * @param message {@code source[:line[:column]]: reason}.
     * @param cause   the underlying failure.
     */
    public AmmoException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
