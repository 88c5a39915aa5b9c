/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */

/**
 * Sinks beyond the results folder: where a shoot's seconds go while it runs and after it ended. Lunapark speaks the
 * job protocol of Yandex.Tank's DataUploader ({@link io.l2.runner.sinks.LunaparkClient}), fed by
 * {@link io.l2.runner.sinks.LunaparkPush} on a thread of its own so a slow Lunapark never slows a shoot; how DNS maps
 * onto Lunapark's items is {@link io.l2.runner.sinks.LunaparkItems}. The results folder is always written first: a
 * sink that fails leaves a note there ({@code lunapark.json}) and {@code l2 push} pushes the stored shoot later.
 */
package io.l2.runner.sinks;
