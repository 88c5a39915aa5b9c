/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Tests of shoots across daemons on a loopback control channel (no root needed).
 */
package io.l2.runner.fleet;
