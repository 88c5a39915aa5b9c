/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Tests of the root of the command tree: the manual page l2(1) made from it.
 */
package io.l2.runner.cli;
