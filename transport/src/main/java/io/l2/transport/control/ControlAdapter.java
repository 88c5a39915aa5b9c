package io.l2.transport.control;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.l2.transport.codec.AbortFlyweight;
import io.l2.transport.codec.AckFlyweight;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.EndFlyweight;
import io.l2.transport.codec.FireFlyweight;
import io.l2.transport.codec.HelloFlyweight;
import io.l2.transport.codec.LeaseFlyweight;
import io.l2.transport.codec.MessageHeaderFlyweight;
import io.l2.transport.codec.RefuseFlyweight;
import io.l2.transport.codec.SecondAggregateFlyweight;
import org.agrona.DirectBuffer;

/**
 * Decodes control messages from Aeron fragments and calls a {@link ControlListener}.
 * <p>
 * Checks the schema id and version, switches on the template id and hands the listener a validated flyweight. A
 * message that is malformed (truncated, oversize, wrong schema or version, a length past its end) or of an unknown
 * template is counted and dropped, never thrown. Messages longer than one MTU arrive in fragments: put a
 * {@link io.aeron.FragmentAssembler} in front of this adapter. Not thread-safe: one adapter per polling thread;
 * zero allocation per message.
 */
public final class ControlAdapter implements FragmentHandler
{
    private final ControlListener listener;
    private final MessageHeaderFlyweight header = new MessageHeaderFlyweight();
    private final HelloFlyweight hello = new HelloFlyweight();
    private final FireFlyweight fire = new FireFlyweight();
    private final AckFlyweight ack = new AckFlyweight();
    private final RefuseFlyweight refuse = new RefuseFlyweight();
    private final SecondAggregateFlyweight secondAggregate = new SecondAggregateFlyweight();
    private final EndFlyweight end = new EndFlyweight();
    private final AbortFlyweight abort = new AbortFlyweight();
    private final LeaseFlyweight lease = new LeaseFlyweight();
    private long messageCount;
    private long malformedCount;
    private long unknownTemplateCount;
    private int lastErrorCode;

    /**
     * An adapter that calls the listener for every valid message.
     *
     * @param listener to call on the polling thread.
     */
    public ControlAdapter(final ControlListener listener)
    {
        this.listener = listener;
    }

    /**
     * Decode one message and call the listener, or count it and drop it.
     *
     * @param buffer holding the message.
     * @param offset of the message's first byte.
     * @param length of the message in bytes.
     * @param header Aeron's frame header (not used).
     */
    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        onMessage(buffer, offset, length);
    }

    /**
     * Decode one whole message and call the listener, or count it and drop it (also usable without Aeron).
     *
     * @param buffer holding the message.
     * @param offset of the message's first byte.
     * @param length of the message in bytes.
     * @return the message's length, or a negative {@link ControlCodec} code when it was dropped ({@code TRUNCATED}
     * too when the length claims more bytes than the buffer holds past the offset).
     */
    public int onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderFlyweight.ENCODED_LENGTH || offset < 0 ||
            (long) offset + length > buffer.capacity())
        {
            return malformed(ControlCodec.TRUNCATED);
        }
        this.header.wrapForRead(buffer, offset);
        if (ControlCodec.SCHEMA_ID != this.header.schemaId())
        {
            return malformed(ControlCodec.WRONG_SCHEMA);
        }
        if (ControlCodec.SCHEMA_VERSION != this.header.version())
        {
            return malformed(ControlCodec.WRONG_VERSION);
        }

        final int result;
        switch (this.header.templateId())
        {
            case HelloFlyweight.TEMPLATE_ID:
                result = hello.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onHello(hello);
                }
                break;

            case FireFlyweight.TEMPLATE_ID:
                result = fire.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onFire(fire);
                }
                break;

            case AckFlyweight.TEMPLATE_ID:
                result = ack.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onAck(ack);
                }
                break;

            case RefuseFlyweight.TEMPLATE_ID:
                result = refuse.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onRefuse(refuse);
                }
                break;

            case SecondAggregateFlyweight.TEMPLATE_ID:
                result = secondAggregate.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onSecondAggregate(secondAggregate);
                }
                break;

            case EndFlyweight.TEMPLATE_ID:
                result = end.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onEnd(end);
                }
                break;

            case AbortFlyweight.TEMPLATE_ID:
                result = abort.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onAbort(abort);
                }
                break;

            case LeaseFlyweight.TEMPLATE_ID:
                result = lease.decode(buffer, offset, length);
                if (result >= 0)
                {
                    messageCount++;
                    listener.onLease(lease);
                }
                break;

            default:
                unknownTemplateCount++;
                lastErrorCode = ControlCodec.WRONG_TEMPLATE;
                return ControlCodec.WRONG_TEMPLATE;
        }

        return result >= 0 ? result : malformed(result);
    }

    /**
     * Valid messages handed to the listener.
     *
     * @return count since construction.
     */
    public long messageCount()
    {
        return messageCount;
    }

    /**
     * Messages dropped as malformed: truncated, oversize, wrong schema or version, a bad length.
     *
     * @return count since construction.
     */
    public long malformedCount()
    {
        return malformedCount;
    }

    /**
     * Messages dropped because their template id is unknown.
     *
     * @return count since construction.
     */
    public long unknownTemplateCount()
    {
        return unknownTemplateCount;
    }

    /**
     * Code of the last message dropped.
     *
     * @return a negative {@link ControlCodec} code, or 0 when none was dropped.
     */
    public int lastErrorCode()
    {
        return lastErrorCode;
    }

    private int malformed(final int code)
    {
        malformedCount++;
        lastErrorCode = code;
        return code;
    }
}
