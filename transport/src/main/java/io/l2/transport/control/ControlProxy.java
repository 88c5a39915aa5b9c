package io.l2.transport.control;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.aeron.Publication;
import io.l2.transport.auth.AuthTrailerDescriptor;
import io.l2.transport.auth.MessageSigner;
import io.l2.transport.codec.AbortFlyweight;
import io.l2.transport.codec.AckFlyweight;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessageFlyweight;
import io.l2.transport.codec.EndFlyweight;
import io.l2.transport.codec.FireFlyweight;
import io.l2.transport.codec.HelloFlyweight;
import io.l2.transport.codec.LeaseFlyweight;
import io.l2.transport.codec.RefuseFlyweight;
import io.l2.transport.codec.SecondAggregateFlyweight;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes control messages into one reusable buffer, signs each with its {@link MessageSigner} (the authentication
 * trailer after the body) and offers them to an Aeron {@link Publication}.
 * <p>
 * Every method answers {@link Publication#offer}'s result: the new stream position when positive, or
 * {@link Publication#BACK_PRESSURED}, {@link Publication#NOT_CONNECTED}, {@link Publication#ADMIN_ACTION},
 * {@link Publication#CLOSED}, {@link Publication#MAX_POSITION_EXCEEDED}; retrying is the caller's choice. No
 * allocation per message beyond the arrays the caller passes. A string or blob over its {@link ControlCodec} maximum
 * is a caller bug and throws {@link IllegalArgumentException} before anything is offered. Not thread-safe: one proxy
 * per sending thread (the signer's sequence must leave in order); the publication stays the caller's to close.
 */
public final class ControlProxy
{
    private final Publication publication;
    private final MessageSigner signer;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(BitUtil.align(
        ControlCodec.MAX_MESSAGE_LENGTH + AuthTrailerDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
    private final HelloFlyweight hello = new HelloFlyweight();
    private final FireFlyweight fire = new FireFlyweight();
    private final AckFlyweight ack = new AckFlyweight();
    private final RefuseFlyweight refuse = new RefuseFlyweight();
    private final SecondAggregateFlyweight secondAggregate = new SecondAggregateFlyweight();
    private final EndFlyweight end = new EndFlyweight();
    private final AbortFlyweight abort = new AbortFlyweight();
    private final LeaseFlyweight lease = new LeaseFlyweight();

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
     * @param state         {@link HelloFlyweight#STATE_WAITING} or {@link HelloFlyweight#STATE_SHOOTING}.
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
        hello.wrap(buffer, 0).correlationId(correlationId).epochNs(epochNs).state(state);
        for (int i = 0; i < ammoCount; i++)
        {
            hello.addAmmo(ammoNames[i], ammoSha256s[i]);
        }
        hello.host(host).datacenter(datacenter).l2Version(l2Version);
        return offer(hello);
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
     * @param flags         {@link FireFlyweight#FLAG_DRY_RUN} to check only, else 0.
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
        fire.wrap(buffer, 0)
            .correlationId(correlationId)
            .shootId(shootId)
            .startEpochNs(startEpochNs)
            .leaseMs(leaseMs)
            .hostIndex(hostIndex)
            .hostCount(hostCount)
            .flags(flags)
            .host(host)
            .plan(plan, planOffset, planLength);
        return offer(fire);
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
        ack.wrap(buffer, 0).correlationId(correlationId).shootId(shootId).host(host).queue(queue);
        return offer(ack);
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
        refuse.wrap(buffer, 0).correlationId(correlationId).shootId(shootId).host(host).reason(reason);
        return offer(refuse);
    }

    /**
     * Start a second aggregate in the proxy's buffer: set its counters and rcode entries on the flyweight answered,
     * then its host and histogram, then call {@link #offerSecondAggregate()}.
     *
     * @param shootId     of the shoot.
     * @param secondIndex second of the shoot, 0 for the first.
     * @return the flyweight, wrapped for encoding over the proxy's buffer.
     */
    public SecondAggregateFlyweight secondAggregate(final long shootId, final long secondIndex)
    {
        return secondAggregate.wrap(buffer, 0).shootId(shootId).secondIndex(secondIndex);
    }

    /**
     * Offer the second aggregate built from {@link #secondAggregate(long, long)}.
     *
     * @return the offer's result.
     */
    public long offerSecondAggregate()
    {
        return offer(secondAggregate);
    }

    /**
     * Send a host's end of a shoot.
     *
     * @param shootId     of the shoot.
     * @param status      one of {@link EndFlyweight}'s {@code STATUS_} constants.
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
        end.wrap(buffer, 0).shootId(shootId).status(status).secondCount(secondCount).sent(sent).answered(answered)
            .host(host).reason(reason);
        return offer(end);
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
        abort.wrap(buffer, 0).correlationId(correlationId).shootId(shootId).reason(reason);
        return offer(abort);
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
        lease.wrap(buffer, 0).correlationId(correlationId).shootId(shootId).epochNs(epochNs).leaseMs(leaseMs)
            .runner(runner);
        return offer(lease);
    }

    private long offer(final ControlMessageFlyweight message)
    {
        return publication.offer(buffer, 0, signer.sign(buffer, 0, message.encodedLength()));
    }
}
