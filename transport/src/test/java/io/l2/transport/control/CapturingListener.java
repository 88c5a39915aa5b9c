package io.l2.transport.control;

import java.util.ArrayList;
import java.util.List;

import io.l2.transport.codec.AbortFlyweight;
import io.l2.transport.codec.AckFlyweight;
import io.l2.transport.codec.EndFlyweight;
import io.l2.transport.codec.FireFlyweight;
import io.l2.transport.codec.HelloFlyweight;
import io.l2.transport.codec.LeaseFlyweight;
import io.l2.transport.codec.RefuseFlyweight;
import io.l2.transport.codec.SecondAggregateFlyweight;

/**
 * Records every message it is given as one line of text, copied during the call.
 */
final class CapturingListener implements ControlListener
{
    final List<String> messages = new ArrayList<>();

    @Override
    public void onHello(final HelloFlyweight hello)
    {
        final StringBuilder ammo = new StringBuilder();
        final byte[] sha = new byte[32];
        for (int i = 0; i < hello.ammoCount(); i++)
        {
            hello.getAmmoSha256(i, sha, 0);
            ammo.append(' ').append(hello.ammoName(i)).append('=').append(sha[0]).append('/').append(sha[31]);
        }
        messages.add("hello " + hello.correlationId() + " " + hello.epochNs() + " " + hello.state() + " " +
            hello.host() + " " + hello.datacenter() + " " + hello.l2Version() + ammo);
    }

    @Override
    public void onFire(final FireFlyweight fire)
    {
        final byte[] plan = new byte[fire.planLength()];
        fire.getPlan(plan, 0);
        messages.add("fire " + fire.correlationId() + " " + fire.shootId() + " " + fire.startEpochNs() + " " +
            fire.leaseMs() + " " + fire.hostIndex() + "/" + fire.hostCount() + " " + fire.host() + " " +
            new String(plan, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void onAck(final AckFlyweight ack)
    {
        messages.add("ack " + ack.correlationId() + " " + ack.shootId() + " " + ack.host() + " " + ack.queue());
    }

    @Override
    public void onRefuse(final RefuseFlyweight refuse)
    {
        messages.add("refuse " + refuse.correlationId() + " " + refuse.shootId() + " " + refuse.host() + " " +
            refuse.reason());
    }

    @Override
    public void onSecondAggregate(final SecondAggregateFlyweight aggregate)
    {
        final StringBuilder rcodes = new StringBuilder();
        for (int i = 0; i < aggregate.rcodeEntryCount(); i++)
        {
            rcodes.append(' ').append(aggregate.rcode(i)).append(':').append(aggregate.rcodeResponseCount(i));
        }
        final byte[] histogram = new byte[aggregate.histogramLength()];
        aggregate.getHistogram(histogram, 0);
        int sum = 0;
        for (final byte b : histogram)
        {
            sum += b & 0xFF;
        }
        messages.add("second " + aggregate.shootId() + " " + aggregate.secondIndex() + " " + aggregate.host() + " " +
            aggregate.requested() + " " + aggregate.sent() + " " + aggregate.achieved() + " " + aggregate.answered() +
            " " + aggregate.timeouts() + " " + aggregate.malformed() + " " + aggregate.sendErrors() + " " +
            aggregate.discarded() + rcodes + " histogram " + histogram.length + "/" + sum);
    }

    @Override
    public void onEnd(final EndFlyweight end)
    {
        messages.add("end " + end.shootId() + " " + end.status() + " " + end.secondCount() + " " + end.sent() + " " +
            end.answered() + " " + end.host() + " " + end.reason());
    }

    @Override
    public void onAbort(final AbortFlyweight abort)
    {
        messages.add("abort " + abort.correlationId() + " " + abort.shootId() + " " + abort.reason());
    }

    public void onLease(final LeaseFlyweight lease)
    {
        messages.add("lease " + lease.correlationId() + " " + lease.shootId() + " " + lease.epochNs() + " " +
            lease.leaseMs() + " " + lease.runner());
    }
}
