/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Tests of the control plane's channel strings.
 */
package io.l2.runner.control;
