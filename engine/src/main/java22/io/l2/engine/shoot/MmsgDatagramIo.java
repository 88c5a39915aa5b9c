/*
 * Copyright 2026 the l2 authors. SPDX-License-Identifier: Apache-2.0
 */
package io.l2.engine.shoot;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.nio.channels.DatagramChannel;

/**
 * {@link DatagramIo} through {@code sendmmsg(2)} and {@code recvmmsg(2)}, called with the Foreign Function &amp;
 * Memory API (JDK 22+, Linux on a 64-bit ABI): up to {@link #BATCH_LIMIT} datagrams per system call each way.
 * <p>
 * The socket stays NIO's (opened, bound, connected and registered with a selector there); only its file descriptor
 * is borrowed for the two calls. The message vectors ({@code struct mmsghdr}, {@code struct iovec}) point at the
 * send and receive slots once, when made; a call writes only the lengths.
 * <p>
 * {@code errno} can only be read reliably when the linker captures it, and a capturing call slices its capture
 * segment on every call (an allocation left to escape analysis, which does not remove it on this path). So each call
 * is made first without capture; only when it fails (-1: rare, as the agent reads a socket only when its selector
 * says it is readable, and a send fails only on a full buffer or an error) is it made again with capture, and that
 * second answer decides: EAGAIN is a full buffer or nothing to read; anything else an error. A receive whose first
 * call failed on a socket said to be readable, and whose second finds nothing, saw a one-shot socket error (an ICMP
 * port unreachable, which the first call consumed), and reports it. Compiled with {@code --release 22} into the same
 * package; {@link DatagramIos} loads it by name only on a JVM that can run it.
 */
final class MmsgDatagramIo extends DatagramIo
{
    // Linux LP64 (x86-64, aarch64) layouts: struct iovec {void *base; size_t len;} = 16 B; struct msghdr = 56 B
    // (name@0, namelen@8, iov@16, iovlen@24, control@32, controllen@40, flags@48); struct mmsghdr = msghdr + len@56,
    // padded to 64 B.
    private static final long IOVEC_LENGTH = 16;
    private static final long IOV_BASE = 0;
    private static final long IOV_LEN = 8;
    private static final long MMSGHDR_LENGTH = 64;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_FLAGS = 48;
    private static final long MSG_LEN = 56;

    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;

    private static final MethodHandle SENDMMSG;
    private static final MethodHandle SENDMMSG_ERRNO;
    private static final MethodHandle RECVMMSG;
    private static final MethodHandle RECVMMSG_ERRNO;
    private static final long ERRNO_OFFSET;
    private static final long CAPTURE_LENGTH;
    private static final Method FD_VAL;

    static
    {
        final Linker linker = Linker.nativeLinker();
        final SymbolLookup libc = linker.defaultLookup();
        final Linker.Option errno = Linker.Option.captureCallState("errno");
        final MemoryLayout capture = Linker.Option.captureStateLayout();
        ERRNO_OFFSET = capture.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
        CAPTURE_LENGTH = capture.byteSize();
        // int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags)
        final MemorySegment sendmmsg = libc.find("sendmmsg").orElseThrow();
        final FunctionDescriptor sendmmsgType = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        SENDMMSG = linker.downcallHandle(sendmmsg, sendmmsgType);
        SENDMMSG_ERRNO = linker.downcallHandle(sendmmsg, sendmmsgType, errno);
        // int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout)
        final MemorySegment recvmmsg = libc.find("recvmmsg").orElseThrow();
        final FunctionDescriptor recvmmsgType = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS);
        RECVMMSG = linker.downcallHandle(recvmmsg, recvmmsgType);
        RECVMMSG_ERRNO = linker.downcallHandle(recvmmsg, recvmmsgType, errno);
        try
        {
            FD_VAL = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            FD_VAL.setAccessible(true);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new IllegalStateException(
                "cannot reach a DatagramChannel's file descriptor (needs --add-opens java.base/sun.nio.ch): " + ex, ex);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final int fd;
    private final MemorySegment sendVector;
    private final MemorySegment sendIovecs;
    private final MemorySegment receiveVector;
    private final MemorySegment errnoState;
    private int lastErrno;
    private boolean closed;

    MmsgDatagramIo(final DatagramChannel channel, final int sendSlotLength)
    {
        super(channel, sendSlotLength, NioDatagramIo.RECEIVE_SLOT_LENGTH, BATCH_LIMIT);
        try
        {
            fd = (int)FD_VAL.invoke(channel);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot read the socket's file descriptor: " + ex, ex);
        }

        // pointers written as addresses (a slice per slot would be an object each, for nothing)
        final long sendSlots = MemorySegment.ofBuffer(sendByteBuffer).address();
        final long receiveSlots = MemorySegment.ofBuffer(receiveByteBuffer).address();
        sendVector = arena.allocate(MMSGHDR_LENGTH * BATCH_LIMIT, 64);
        sendIovecs = arena.allocate(IOVEC_LENGTH * BATCH_LIMIT, 64);
        receiveVector = arena.allocate(MMSGHDR_LENGTH * receiveSlotCount, 64);
        final MemorySegment receiveIovecs = arena.allocate(IOVEC_LENGTH * receiveSlotCount, 64);
        errnoState = arena.allocate(CAPTURE_LENGTH, 8);

        for (int i = 0; i < BATCH_LIMIT; i++)
        {
            sendIovecs.set(ValueLayout.JAVA_LONG, i * IOVEC_LENGTH + IOV_BASE, sendSlots + sendOffset(i));
            sendVector.set(
                ValueLayout.JAVA_LONG, i * MMSGHDR_LENGTH + MSG_IOV, sendIovecs.address() + i * IOVEC_LENGTH);
            sendVector.set(ValueLayout.JAVA_LONG, i * MMSGHDR_LENGTH + MSG_IOVLEN, 1L);
        }
        for (int i = 0; i < receiveSlotCount; i++)
        {
            receiveIovecs.set(ValueLayout.JAVA_LONG, i * IOVEC_LENGTH + IOV_BASE, receiveSlots + receiveOffset(i));
            receiveIovecs.set(ValueLayout.JAVA_LONG, i * IOVEC_LENGTH + IOV_LEN, (long)receiveSlotLength);
            receiveVector.set(
                ValueLayout.JAVA_LONG, i * MMSGHDR_LENGTH + MSG_IOV, receiveIovecs.address() + i * IOVEC_LENGTH);
            receiveVector.set(ValueLayout.JAVA_LONG, i * MMSGHDR_LENGTH + MSG_IOVLEN, 1L);
        }
    }

    int send(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            sendIovecs.set(ValueLayout.JAVA_LONG, i * IOVEC_LENGTH + IOV_LEN, (long)sendLengths[i]);
        }
        try
        {
            final int sent = (int)SENDMMSG.invokeExact(fd, sendVector, count, MSG_DONTWAIT);
            return sent >= 0 ? sent : sendCapturingErrno(count);
        }
        catch (final Throwable ex)
        {
            return SEND_FAILED;
        }
    }

    private int sendCapturingErrno(final int count) throws Throwable
    {
        while (true)
        {
            final int sent = (int)SENDMMSG_ERRNO.invokeExact(errnoState, fd, sendVector, count, MSG_DONTWAIT);
            if (sent >= 0)
            {
                return sent;
            }
            lastErrno = errnoState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
            if (EINTR != lastErrno)
            {
                return EAGAIN == lastErrno ? 0 : SEND_FAILED;
            }
        }
    }

    int receive(final int limit)
    {
        final int count = Math.min(limit, receiveSlotCount);
        try
        {
            int received = (int)RECVMMSG.invokeExact(fd, receiveVector, count, MSG_DONTWAIT, MemorySegment.NULL);
            if (received < 0)
            {
                received = receiveCapturingErrno(count);
            }
            for (int i = 0; i < received; i++)
            {
                receiveLengths[i] = receiveVector.get(ValueLayout.JAVA_INT, i * MMSGHDR_LENGTH + MSG_LEN);
            }
            return received;
        }
        catch (final Throwable ex)
        {
            return RECEIVE_FAILED;
        }
    }

    private int receiveCapturingErrno(final int count) throws Throwable
    {
        while (true)
        {
            final int received = (int)RECVMMSG_ERRNO.invokeExact(
                errnoState, fd, receiveVector, count, MSG_DONTWAIT, MemorySegment.NULL);
            if (received >= 0)
            {
                return received;
            }
            lastErrno = errnoState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
            if (EINTR != lastErrno)
            {
                // EAGAIN now: the first call took a one-shot socket error (the socket was said to be readable)
                return RECEIVE_FAILED;
            }
        }
    }

    /**
     * {@inheritDoc} None: every call passes the errno capture segment, which the JDK slices per call; on an empty
     * socket that would be a call per cycle with an allocation left to escape analysis. A selector's wake-up says
     * which sockets have datagrams, and those calls move a batch each.
     */
    int pollThreshold()
    {
        return 0;
    }

    String name()
    {
        return IoMode.MMSG.alias();
    }

    /**
     * @return the errno of the last failed call, 0 when none failed.
     */
    int lastErrno()
    {
        return lastErrno;
    }

    /**
     * Closes the socket, then frees the message vectors.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            arena.close();
            super.close();
        }
    }
}
