/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.transport.auth;

import java.nio.file.Path;
import java.util.Objects;

import org.agrona.concurrent.EpochNanoClock;

/**
 * The keys of one host's control plane: the current key, which signs and is accepted, and during a rotation the
 * previous key, which is accepted only; with the replay window of its verifiers. Makes a {@link MessageSigner} per
 * sending thread and a {@link MessageVerifier} per polling thread. Immutable and thread-safe.
 */
public final class ClusterKeys
{
    private final ClusterKey current;
    private final ClusterKey previous;
    private final long replayWindowNs;

    /**
     * @param current        the key that signs.
     * @param previous       a key still accepted during a rotation, or null.
     * @param replayWindowNs how far a received timestamp may be from this host's clock, in ns; positive.
     */
    public ClusterKeys(final ClusterKey current, final ClusterKey previous, final long replayWindowNs)
    {
        this.current = Objects.requireNonNull(current, "current");
        this.previous = previous;
        if (replayWindowNs <= 0)
        {
            throw new IllegalArgumentException("replayWindowNs must be positive: " + replayWindowNs);
        }
        if (null != previous && previous.keyId() == current.keyId())
        {
            throw new IllegalArgumentException("the previous key is the current key (" + current.keyIdHex() + ")");
        }
        this.replayWindowNs = replayWindowNs;
    }

    /**
     * Reads the key files.
     *
     * @param currentFile    the key that signs.
     * @param previousFile   the key still accepted during a rotation, or null.
     * @param replayWindowNs how far a received timestamp may be from this host's clock, in ns.
     * @return the keys.
     * @throws KeyFileException in one line naming the file that cannot be used, or when both files hold one key.
     */
    public static ClusterKeys load(final Path currentFile, final Path previousFile, final long replayWindowNs)
        throws KeyFileException
    {
        final ClusterKey current = ClusterKey.load(currentFile);
        final ClusterKey previous = null == previousFile ? null : ClusterKey.load(previousFile);
        if (null != previous && previous.keyId() == current.keyId())
        {
            throw new KeyFileException(previousFile + ": holds the same key as " + currentFile + " (key id " +
                current.keyIdHex() + "): the previous key is the one being replaced");
        }
        return new ClusterKeys(current, previous, replayWindowNs);
    }

    /**
     * @return the key that signs.
     */
    public ClusterKey current()
    {
        return current;
    }

    /**
     * @return the key still accepted during a rotation, or null.
     */
    public ClusterKey previous()
    {
        return previous;
    }

    /**
     * @return the replay window in ns.
     */
    public long replayWindowNs()
    {
        return replayWindowNs;
    }

    /**
     * @param clock the wall clock of the timestamps, ns since the epoch.
     * @return a new signer with the current key and a random sender id (one per sending thread).
     */
    public MessageSigner newSigner(final EpochNanoClock clock)
    {
        return MessageSigner.of(current, clock);
    }

    /**
     * @param clock this host's wall clock, ns since the epoch.
     * @return a new verifier of both keys, remembering at most {@link MessageVerifier#DEFAULT_MAX_SENDERS} senders
     * (one per polling thread).
     */
    public MessageVerifier newVerifier(final EpochNanoClock clock)
    {
        return new MessageVerifier(current, previous, replayWindowNs, clock, MessageVerifier.DEFAULT_MAX_SENDERS);
    }

    /**
     * @return e.g. {@code "key 1a2b3c4d"} or {@code "key 1a2b3c4d (previous 5e6f7a8b still accepted)"}.
     */
    public String describe()
    {
        return "key " + current.keyIdHex() + (null == previous ? "" :
            " (previous " + previous.keyIdHex() + " still accepted)");
    }
}
