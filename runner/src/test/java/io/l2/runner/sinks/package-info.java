/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Tests of the Lunapark sink against {@link io.l2.runner.sinks.LunaparkServer}, a Lunapark-protocol server on
 * loopback that checks every request it gets.
 */
package io.l2.runner.sinks;
