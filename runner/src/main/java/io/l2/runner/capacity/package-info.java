/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * The capacity search ({@code l2 shoot capacity}): the highest rate a target answers within an SLO, found by trials
 * that are real shoots fired through {@link io.l2.runner.fire.Shoots#fire}; the SLO's grammar, the search, its
 * {@code capacity.json} and {@code capacity.html}. Just under the command line: only {@code cli} imports it.
 */
package io.l2.runner.capacity;
