/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.runner.shoot;

/**
 * How a host runs its share, beyond the plan: threads carrying the workers, the idle strategy, socket buffers.
 *
 * @param threadCount        threads carrying the workers (at most the plan's instances).
 * @param idleStrategy       idle strategy alias ({@code deadline} unless the host is dedicated: then {@code spin}).
 * @param socketBufferLength SO_SNDBUF/SO_RCVBUF to ask for, bytes.
 * @param warmup             true to warm the shooter's code first, against an in-process loopback reflector.
 */
public record ShootOptions(int threadCount, String idleStrategy, int socketBufferLength, boolean warmup)
{
}
