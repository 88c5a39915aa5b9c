/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

/**
 * Why a received control message was dropped, as counted and exported ({@code reason} label of
 * {@code l2_control_rejected_total}). Each has a stable negative code, distinct from the codec's decode results, that
 * {@link MessageVerifier#verify} answers.
 */
public enum Rejection
{
    /**
     * No trailer or a short one, an unsigned message, an unknown key id, or a MAC that does not match.
     */
    UNAUTHENTICATED("unauthenticated", -101),

    /**
     * Authenticated, but its timestamp is further from the receiver's clock than the replay window.
     */
    STALE("stale", -102),

    /**
     * Authenticated and fresh, but its sequence is not above the last one accepted from its sender (or the table of
     * senders was full).
     */
    REPLAYED("replayed", -103),

    /**
     * Authenticated, but the body does not decode: wrong length, schema, version or template.
     */
    MALFORMED("malformed", -104);

    private static final Rejection[] VALUES = values();

    private final String label;
    private final int code;

    Rejection(final String label, final int code)
    {
        this.label = label;
        this.code = code;
    }

    /**
     * @return the metric label: {@code unauthenticated}, {@code stale}, {@code replayed} or {@code malformed}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return the negative code {@link MessageVerifier#verify} answers for it.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a result of {@link MessageVerifier#verify}.
     * @return its rejection, or null when the code is not one (a length, or a codec code).
     */
    public static Rejection ofCode(final int code)
    {
        for (final Rejection rejection : VALUES)
        {
            if (rejection.code == code)
            {
                return rejection;
            }
        }
        return null;
    }
}
