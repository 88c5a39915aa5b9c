/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Tests of the control plane's authentication: HMAC-SHA256 against the JDK's, key files, signing and every reason a
 * verifier rejects a message for, with a clock moved by hand.
 */
package io.l2.transport.auth;
