package io.l2.transport.control;

import io.l2.transport.codec.AbortFlyweight;
import io.l2.transport.codec.AckFlyweight;
import io.l2.transport.codec.EndFlyweight;
import io.l2.transport.codec.FireFlyweight;
import io.l2.transport.codec.HelloFlyweight;
import io.l2.transport.codec.LeaseFlyweight;
import io.l2.transport.codec.RefuseFlyweight;
import io.l2.transport.codec.SecondAggregateFlyweight;

/**
 * Receives the control messages a {@link ControlAdapter} decoded.
 * <p>
 * Called on the thread that polls the subscription. Every argument is a flyweight the adapter reuses, already
 * validated, over the fragment's buffer: valid only during the call; copy what must outlive it.
 */
public interface ControlListener
{
    /**
     * A daemon's hello or heartbeat.
     *
     * @param hello the message.
     */
    void onHello(HelloFlyweight hello);

    /**
     * The runner's fire.
     *
     * @param fire the message.
     */
    void onFire(FireFlyweight fire);

    /**
     * A host's ack.
     *
     * @param ack the message.
     */
    void onAck(AckFlyweight ack);

    /**
     * A host's refusal.
     *
     * @param refuse the message.
     */
    void onRefuse(RefuseFlyweight refuse);

    /**
     * A host's counters for one second.
     *
     * @param aggregate the message.
     */
    void onSecondAggregate(SecondAggregateFlyweight aggregate);

    /**
     * A host's end of a shoot.
     *
     * @param end the message.
     */
    void onEnd(EndFlyweight end);

    /**
     * The runner's abort.
     *
     * @param abort the message.
     */
    void onAbort(AbortFlyweight abort);

    /**
     * The runner's lease during a shoot.
     *
     * @param lease the message.
     */
    void onLease(LeaseFlyweight lease);
}
