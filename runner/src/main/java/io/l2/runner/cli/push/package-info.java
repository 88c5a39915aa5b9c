/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */

/**
 * {@code l2 push}: push a stored shoot to the configured sinks (Lunapark) again, from its recorded queues.
 */
package io.l2.runner.cli.push;
