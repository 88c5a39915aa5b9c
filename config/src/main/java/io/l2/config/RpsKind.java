package io.l2.config;

/**
 * The shape of one rps profile segment, as in Yandex.Tank.
 */
public enum RpsKind
{
    /**
     * A constant rate for a duration: {@code const(rate, duration)}.
     */
    CONST,

    /**
     * A rate changing linearly from one value to another over a duration: {@code line(from, to, duration)}.
     */
    LINE,

    /**
     * A staircase: {@code step(from, to, step, duration)} holds each level for the duration.
     */
    STEP
}
