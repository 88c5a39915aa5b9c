package io.l2.transport.control;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.aeron.Publication;
import io.l2.transport.auth.AuthTrailerDescriptor;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.Utf8;
import io.l2.transport.codecs.AbortEncoder;
import io.l2.transport.codecs.AckEncoder;
import io.l2.transport.codecs.EndEncoder;
import io.l2.transport.codecs.FireEncoder;
import io.l2.transport.codecs.HelloEncoder;
import io.l2.transport.codecs.LeaseEncoder;
import io.l2.transport.codecs.MessageHeaderEncoder;
import io.l2.transport.codecs.RefuseEncoder;
import io.l2.transport.codecs.SecondAggregateEncoder;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes control messages with the generated SBE encoders into one reusable buffer, signs each with its {@link MessageSigner} (the authentication
 * trailer after the body) and offers them to an Aeron {@link Publication}.
 * <p>
 * Every method answers {@link Publication#offer}'s result: the new stream position when positive, or
 * {@link Publication#BACK_PRESSURED}, {@link Publication#NOT_CONNECTED}, {@link Publication#ADMIN_ACTION},
 * {@link Publication#CLOSED}, {@link Publication#MAX_POSITION_EXCEEDED}; retrying is the caller's choice. No
 * allocation per message beyond the arrays the caller passes (texts are encoded to UTF-8 through a scratch buffer:
 * the generated string setters would allocate). A string or blob over its {@link ControlCodec} maximum is a caller
 * bug and throws {@link IllegalArgumentException} before anything is offered. Not thread-safe: one proxy
 * per sending thread (the signer's sequence must leave in order); the publication stays the caller's to close.
 */
public final class ControlProxy
{
    private final Publication publication;
    private final MessageSigner signer;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(BitUtil.align(
        ControlCodec.MAX_MESSAGE_LENGTH + AuthTrailerDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
    private final UnsafeBuffer text = new UnsafeBuffer(new byte[ControlCodec.MAX_REASON_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final HelloEncoder hello = new HelloEncoder();
    private final FireEncoder fire = new FireEncoder();
    private final AckEncoder ack = new AckEncoder();
    private final RefuseEncoder refuse = new RefuseEncoder();
    private final SecondAggregateEncoder secondAggregate = new SecondAggregateEncoder();
    private final EndEncoder end = new EndEncoder();
    private final AbortEncoder abort = new AbortEncoder();
    private final LeaseEncoder lease = new LeaseEncoder();

    /**
     * A proxy over a publication.
     *
     * @param publication to offer to; its max message length must hold {@link ControlCodec#MAX_MESSAGE_LENGTH} and
     *                    the trailer for the largest messages.
     * @param signer      signs every message (this proxy's thread only); {@link MessageSigner#unsigned} on a host
     *                    without a cluster key.
     */
    public ControlProxy(final Publication publication, final MessageSigner signer)
    {
        this.publication = Objects.requireNonNull(publication, "publication");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * @return the signer of this proxy's messages.
     */
    public MessageSigner signer()
    {
        return signer;
    }

    /**
     * Send a hello or heartbeat.
     *
     * @param correlationId of the request answered, 0 for a heartbeat.
     * @param epochNs       the sender's wall-clock time, ns since the epoch.
     * @param state         {@link ControlCodec#STATE_WAITING} or {@link ControlCodec#STATE_SHOOTING}.
     * @param host          the sender's host name.
     * @param datacenter    the sender's datacenter.
     * @param l2Version     the sender's l2 version.
     * @param ammoNames     names of the ammo files the sender holds; may be null when ammoCount is 0.
     * @param ammoSha256s   their SHA-256 digests, 32 bytes each, in the same order.
     * @param ammoCount     number of ammo entries to send from the arrays.
     * @return the offer's result.
     */
    public long hello(
        final long correlationId,
        final long epochNs,
        final int state,
        final CharSequence host,
        final CharSequence datacenter,
        final CharSequence l2Version,
        final CharSequence[] ammoNames,
        final byte[][] ammoSha256s,
        final int ammoCount)
    {
        if (ammoCount < 0 || ammoCount > ControlCodec.MAX_AMMO_COUNT)
        {
            throw new IllegalArgumentException(
                ammoCount + " ammo entries outside 0.." + ControlCodec.MAX_AMMO_COUNT);
        }
        for (int i = 0; i < ammoCount; i++)
        {
            if (ControlCodec.SHA256_LENGTH != ammoSha256s[i].length)
            {
                throw new IllegalArgumentException(
                    "sha256 of " + ammoSha256s[i].length + " bytes, not " + ControlCodec.SHA256_LENGTH);
            }
        }
        hello.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).epochNs(epochNs).state(state);
        final HelloEncoder.AmmoEncoder ammo = hello.ammoCount(ammoCount);
        for (int i = 0; i < ammoCount; i++)
        {
            ammo.next().putSha256(ammoSha256s[i], 0, ControlCodec.SHA256_LENGTH);
            ammo.putName(text, 0, utf8(ammoNames[i], ControlCodec.MAX_NAME_LENGTH));
        }
        hello.putHost(text, 0, utf8(host, ControlCodec.MAX_NAME_LENGTH));
        hello.putDatacenter(text, 0, utf8(datacenter, ControlCodec.MAX_NAME_LENGTH));
        hello.putL2Version(text, 0, utf8(l2Version, ControlCodec.MAX_NAME_LENGTH));
        return offer(hello.encodedLength());
    }

    /**
     * Send a fire to one host.
     *
     * @param correlationId of this request.
     * @param shootId       of the shoot.
     * @param startEpochNs  instant every host starts, ns since the epoch.
     * @param leaseMs       the runner's lease.
     * @param hostIndex     index of the addressed host.
     * @param hostCount     number of hosts in the shoot.
     * @param flags         {@link ControlCodec#FLAG_DRY_RUN} to check only, else 0.
     * @param host          name of the addressed host.
     * @param plan          the resolved plan's bytes.
     * @param planOffset    first byte of the plan.
     * @param planLength    length of the plan in bytes.
     * @return the offer's result.
     */
    public long fire(
        final long correlationId,
        final long shootId,
        final long startEpochNs,
        final int leaseMs,
        final int hostIndex,
        final int hostCount,
        final int flags,
        final CharSequence host,
        final byte[] plan,
        final int planOffset,
        final int planLength)
    {
        checkBlobLength(planLength);
        fire.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId)
            .shootId(shootId)
            .startEpochNs(startEpochNs)
            .leaseMs(leaseMs)
            .hostIndex(hostIndex)
            .hostCount(hostCount)
            .flags(flags)
            .putHost(text, 0, utf8(host, ControlCodec.MAX_NAME_LENGTH))
            .putPlan(plan, planOffset, planLength);
        return offer(fire.encodedLength());
    }

    /**
     * Send an ack.
     *
     * @param correlationId of the request acked.
     * @param shootId       of the shoot.
     * @param host          the sender's host name.
     * @param queue         where the sender records the shoot.
     * @return the offer's result.
     */
    public long ack(final long correlationId, final long shootId, final CharSequence host, final CharSequence queue)
    {
        ack.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).shootId(shootId)
            .putHost(text, 0, utf8(host, ControlCodec.MAX_NAME_LENGTH))
            .putQueue(text, 0, utf8(queue, ControlCodec.MAX_REASON_LENGTH));
        return offer(ack.encodedLength());
    }

    /**
     * Send a refusal.
     *
     * @param correlationId of the request refused.
     * @param shootId       of the shoot.
     * @param host          the sender's host name.
     * @param reason        why.
     * @return the offer's result.
     */
    public long refuse(final long correlationId, final long shootId, final CharSequence host, final CharSequence reason)
    {
        refuse.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).shootId(shootId)
            .putHost(text, 0, utf8(host, ControlCodec.MAX_NAME_LENGTH))
            .putReason(text, 0, utf8(reason, ControlCodec.MAX_REASON_LENGTH));
        return offer(refuse.encodedLength());
    }

    /**
     * Start a second aggregate in the proxy's buffer: set its counters on the encoder answered, then its rcodes
     * ({@code rcodesCount(n)} and n entries, even none), then call
     * {@link #offerSecondAggregate(CharSequence, byte[], int, int)}.
     *
     * @param shootId     of the shoot.
     * @param secondIndex second of the shoot, 0 for the first.
     * @return the encoder, wrapped over the proxy's buffer.
     */
    public SecondAggregateEncoder secondAggregate(final long shootId, final long secondIndex)
    {
        return secondAggregate.wrapAndApplyHeader(buffer, 0, header).shootId(shootId).secondIndex(secondIndex);
    }

    /**
     * Finish the second aggregate started with {@link #secondAggregate(long, long)} and offer it.
     *
     * @param host            the sender's host name.
     * @param histogram       the encoded second.
     * @param histogramOffset first byte of it.
     * @param histogramLength its length in bytes, at most {@link ControlCodec#MAX_BLOB_LENGTH}.
     * @return the offer's result.
     */
    public long offerSecondAggregate(
        final CharSequence host, final byte[] histogram, final int histogramOffset, final int histogramLength)
    {
        checkBlobLength(histogramLength);
        secondAggregate.putHost(text, 0, utf8(host, ControlCodec.MAX_NAME_LENGTH))
            .putHistogram(histogram, histogramOffset, histogramLength);
        return offer(secondAggregate.encodedLength());
    }

    /**
     * Send a host's end of a shoot.
     *
     * @param shootId     of the shoot.
     * @param status      one of {@link ControlCodec}'s {@code STATUS_} constants.
     * @param secondCount second aggregates the sender sent for the shoot.
     * @param sent        queries the sender sent in the whole shoot.
     * @param answered    responses it matched in the whole shoot.
     * @param host        the sender's host name.
     * @param reason      why; empty when completed.
     * @return the offer's result.
     */
    public long end(
        final long shootId,
        final int status,
        final int secondCount,
        final long sent,
        final long answered,
        final CharSequence host,
        final CharSequence reason)
    {
        end.wrapAndApplyHeader(buffer, 0, header)
            .shootId(shootId).status(status).secondCount(secondCount).sent(sent).answered(answered)
            .putHost(text, 0, utf8(host, ControlCodec.MAX_NAME_LENGTH))
            .putReason(text, 0, utf8(reason, ControlCodec.MAX_REASON_LENGTH));
        return offer(end.encodedLength());
    }

    /**
     * Send an abort.
     *
     * @param correlationId of this request.
     * @param shootId       of the shoot to abort.
     * @param reason        why.
     * @return the offer's result.
     */
    public long abort(final long correlationId, final long shootId, final CharSequence reason)
    {
        abort.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).shootId(shootId)
            .putReason(text, 0, utf8(reason, ControlCodec.MAX_REASON_LENGTH));
        return offer(abort.encodedLength());
    }

    /**
     * Send a lease: the runner is alive and the shoot goes on.
     *
     * @param correlationId a sequence number of the runner's leases.
     * @param shootId       of the shoot.
     * @param epochNs       the runner's wall-clock time, ns since the epoch.
     * @param leaseMs       how long the lease holds after this message.
     * @param runner        the runner's host name.
     * @return the offer's result.
     */
    public long lease(
        final long correlationId, final long shootId, final long epochNs, final int leaseMs, final CharSequence runner)
    {
        lease.wrapAndApplyHeader(buffer, 0, header)
            .correlationId(correlationId).shootId(shootId).epochNs(epochNs).leaseMs(leaseMs).reserved(0)
            .putRunner(text, 0, utf8(runner, ControlCodec.MAX_NAME_LENGTH));
        return offer(lease.encodedLength());
    }

    private long offer(final int bodyLength)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        return publication.offer(buffer, 0, signer.sign(buffer, 0, length));
    }

    /**
     * Encode a text into the scratch buffer, checked against its maximum before anything is written.
     */
    private int utf8(final CharSequence value, final int maxLength)
    {
        final int length = null == value ? 0 : Utf8.encodedLength(value);
        if (length > maxLength)
        {
            throw new IllegalArgumentException(
                "text of " + length + " UTF-8 bytes over the maximum of " + maxLength + ": " + value);
        }
        if (length > 0)
        {
            Utf8.encode(value, text, 0);
        }
        return length;
    }

    private static void checkBlobLength(final int length)
    {
        if (length < 0 || length > ControlCodec.MAX_BLOB_LENGTH)
        {
            throw new IllegalArgumentException(
                "blob of " + length + " bytes outside 0.." + ControlCodec.MAX_BLOB_LENGTH);
        }
    }
}
