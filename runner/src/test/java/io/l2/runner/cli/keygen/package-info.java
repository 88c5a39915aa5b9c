/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Tests of {@code l2 keygen}: the key file it writes and its refusal to overwrite one.
 */
package io.l2.runner.cli.keygen;
