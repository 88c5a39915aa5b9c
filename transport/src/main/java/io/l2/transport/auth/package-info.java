/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
/**
 * Authentication of the control plane: a shared {@link io.l2.transport.auth.ClusterKey} (loaded from a key file),
 * a {@link io.l2.transport.auth.MessageSigner} that appends an {@link io.l2.transport.auth.AuthTrailerDescriptor
 * authentication trailer} (key id, sender id, sequence, timestamp, HMAC-SHA256) to every message, and a
 * {@link io.l2.transport.auth.MessageVerifier} that checks it before anything is decoded and rejects
 * unauthenticated, stale and replayed messages with a counted {@link io.l2.transport.auth.Rejection}.
 */
package io.l2.transport.auth;
