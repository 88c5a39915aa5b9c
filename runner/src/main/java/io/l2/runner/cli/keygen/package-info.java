/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * {@code l2 keygen FILE}: writes a new cluster key for the control plane's authentication.
 */
package io.l2.runner.cli.keygen;
