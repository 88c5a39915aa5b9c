/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Support shared by the runner's tests.
 */
package io.l2.runner.test;
