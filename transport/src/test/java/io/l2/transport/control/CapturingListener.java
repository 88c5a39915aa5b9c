package io.l2.transport.control;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;

/**
 * Records every message it is given as one line of text, copied during the call (reading each decoder in schema
 * order, as a listener must).
 */
final class CapturingListener implements ControlListener
{
    final List<String> messages = new ArrayList<>();

    @Override
    public void onHello(final HelloDecoder hello)
    {
        final StringBuilder ammo = new StringBuilder();
        final byte[] sha = new byte[32];
        for (final HelloDecoder.AmmoDecoder entry : hello.ammo())
        {
            entry.getSha256(sha, 0, sha.length);
            final String name = entry.name();
            ammo.append(' ').append(name).append('=').append(sha[0]).append('/').append(sha[31]);
        }
        messages.add("hello " + hello.correlationId() + " " + hello.epochNs() + " " + hello.state() + " " +
            hello.host() + " " + hello.datacenter() + " " + hello.l2Version() + ammo);
    }

    @Override
    public void onFire(final FireDecoder fire)
    {
        final String host = fire.host();
        final byte[] plan = new byte[fire.planLength()];
        fire.getPlan(plan, 0, plan.length);
        messages.add("fire " + fire.correlationId() + " " + fire.shootId() + " " + fire.startEpochNs() + " " +
            fire.leaseMs() + " " + fire.hostIndex() + "/" + fire.hostCount() + " " + host + " " +
            new String(plan, StandardCharsets.UTF_8));
    }

    @Override
    public void onAck(final AckDecoder ack)
    {
        messages.add("ack " + ack.correlationId() + " " + ack.shootId() + " " + ack.host() + " " + ack.queue());
    }

    @Override
    public void onRefuse(final RefuseDecoder refuse)
    {
        messages.add("refuse " + refuse.correlationId() + " " + refuse.shootId() + " " + refuse.host() + " " +
            refuse.reason());
    }

    @Override
    public void onSecondAggregate(final SecondAggregateDecoder aggregate)
    {
        final StringBuilder rcodes = new StringBuilder();
        for (final SecondAggregateDecoder.RcodesDecoder entry : aggregate.rcodes())
        {
            rcodes.append(' ').append(entry.rcode()).append(':').append(entry.responseCount());
        }
        final String host = aggregate.host();
        final byte[] histogram = new byte[aggregate.histogramLength()];
        aggregate.getHistogram(histogram, 0, histogram.length);
        int sum = 0;
        for (final byte b : histogram)
        {
            sum += b & 0xFF;
        }
        messages.add("second " + aggregate.shootId() + " " + aggregate.secondIndex() + " " + host + " " +
            aggregate.requested() + " " + aggregate.sent() + " " + aggregate.achieved() + " " + aggregate.answered() +
            " " + aggregate.timeouts() + " " + aggregate.malformed() + " " + aggregate.sendErrors() + " " +
            aggregate.discarded() + rcodes + " histogram " + histogram.length + "/" + sum);
    }

    @Override
    public void onEnd(final EndDecoder end)
    {
        messages.add("end " + end.shootId() + " " + end.status() + " " + end.secondCount() + " " + end.sent() + " " +
            end.answered() + " " + end.host() + " " + end.reason());
    }

    @Override
    public void onAbort(final AbortDecoder abort)
    {
        messages.add("abort " + abort.correlationId() + " " + abort.shootId() + " " + abort.reason());
    }

    @Override
    public void onLease(final LeaseDecoder lease)
    {
        messages.add("lease " + lease.correlationId() + " " + lease.shootId() + " " + lease.epochNs() + " " +
            lease.leaseMs() + " " + lease.runner());
    }
}
