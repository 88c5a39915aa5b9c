package io.l2.transport.control;

import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;

/**
 * Receives the control messages a {@link ControlAdapter} decoded.
 * <p>
 * Called on the thread that polls the subscription. Every argument is a generated SBE decoder the adapter reuses,
 * wrapped over a message it validated ({@link io.l2.transport.codec.ControlMessageValidator}) in the fragment's
 * buffer: valid only during the call; copy what must outlive it.
 * <p>
 * SBE decoders read forward: fixed fields in any order, then each repeating group (even an empty one) and each
 * variable field once, in the schema's order ({@code l2-control.xml}): for a hello its {@code ammo} group, then
 * {@code host}, {@code datacenter}, {@code l2Version}. A listener that reads out of order gets an
 * {@link IllegalStateException} from the decoder's access-order check (on while Agrona's bounds checks are), not the
 * wrong bytes. A listener that hands the decoder on after reading a variable field calls {@code sbeRewind()} first.
 */
public interface ControlListener
{
    /**
     * A daemon's hello or heartbeat.
     *
     * @param hello the message.
     */
    void onHello(HelloDecoder hello);

    /**
     * The runner's fire.
     *
     * @param fire the message.
     */
    void onFire(FireDecoder fire);

    /**
     * A host's ack.
     *
     * @param ack the message.
     */
    void onAck(AckDecoder ack);

    /**
     * A host's refusal.
     *
     * @param refuse the message.
     */
    void onRefuse(RefuseDecoder refuse);

    /**
     * A host's counters for one second.
     *
     * @param aggregate the message.
     */
    void onSecondAggregate(SecondAggregateDecoder aggregate);

    /**
     * A host's end of a shoot.
     *
     * @param end the message.
     */
    void onEnd(EndDecoder end);

    /**
     * The runner's abort.
     *
     * @param abort the message.
     */
    void onAbort(AbortDecoder abort);

    /**
     * The runner's lease during a shoot.
     *
     * @param lease the message.
     */
    void onLease(LeaseDecoder lease);
}
