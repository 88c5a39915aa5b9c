package io.l2.transport.control;

import java.util.function.Consumer;

import io.aeron.Image;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.l2.transport.auth.MessageVerifier;
import io.l2.transport.auth.Rejection;
import io.l2.transport.codec.ControlCodec;
import io.l2.transport.codec.ControlMessageValidator;
import io.l2.transport.codecs.AbortDecoder;
import io.l2.transport.codecs.AckDecoder;
import io.l2.transport.codecs.EndDecoder;
import io.l2.transport.codecs.FireDecoder;
import io.l2.transport.codecs.HelloDecoder;
import io.l2.transport.codecs.LeaseDecoder;
import io.l2.transport.codecs.MessageHeaderDecoder;
import io.l2.transport.codecs.RefuseDecoder;
import io.l2.transport.codecs.SecondAggregateDecoder;
import org.agrona.DirectBuffer;
import org.agrona.collections.ObjectHashSet;

/**
 * Verifies control messages from Aeron fragments, decodes them and calls a {@link ControlListener}.
 * <p>
 * Made with a {@link MessageVerifier}, {@link #onFragment} first has it check the message's authentication trailer:
 * a message it rejects (unauthenticated, stale, replayed) is counted and dropped before a byte of it is decoded, and
 * the first rejection of each reason from each source (the sending Aeron image's source identity, {@code unknown}
 * without one) is told to the rejection log in one line; later ones are only counted. Then the body (without the
 * trailer) is decoded as below; a malformed body is logged the same way. Made without a verifier, the adapter decodes
 * whole fragments as bodies: for callers that verified already, and tests.
 * <p>
 * Checks the whole message with {@link ControlMessageValidator} (schema id and version, template, every length and
 * count against the message and the schema's maxima), then wraps the template's generated decoder over it and hands
 * it to the listener. A message that is malformed (truncated, oversize, wrong schema or version, a length past its
 * end) or of an unknown template is counted and dropped, never thrown. Messages longer than one MTU arrive in fragments: put a
 * {@link io.aeron.FragmentAssembler} in front of this adapter. Not thread-safe: one adapter per polling thread;
 * zero allocation per message.
 */
public final class ControlAdapter implements FragmentHandler
{
    /** The most sources logged per reason; past it one line says that further sources are not logged. */
    public static final int MAX_LOGGED_SOURCES = 256;

    /** The source of a message that did not come from an Aeron image. */
    public static final String UNKNOWN_SOURCE = "unknown";

    private final ControlListener listener;
    private final MessageVerifier verifier;
    private final Consumer<String> rejectionLog;
    @SuppressWarnings("unchecked")
    private final ObjectHashSet<String>[] loggedSources = new ObjectHashSet[Rejection.values().length];
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final HelloDecoder hello = new HelloDecoder();
    private final FireDecoder fire = new FireDecoder();
    private final AckDecoder ack = new AckDecoder();
    private final RefuseDecoder refuse = new RefuseDecoder();
    private final SecondAggregateDecoder secondAggregate = new SecondAggregateDecoder();
    private final EndDecoder end = new EndDecoder();
    private final AbortDecoder abort = new AbortDecoder();
    private final LeaseDecoder lease = new LeaseDecoder();
    private long messageCount;
    private long malformedCount;
    private long unknownTemplateCount;
    private int lastErrorCode;

    /**
     * An adapter that decodes whole fragments, unverified, and calls the listener for every valid message.
     *
     * @param listener to call on the polling thread.
     */
    public ControlAdapter(final ControlListener listener)
    {
        this(listener, null, null);
    }

    /**
     * An adapter that verifies every fragment before it decodes it.
     *
     * @param listener     to call on the polling thread.
     * @param verifier     checks each message's trailer first (this thread only), or null to decode unverified.
     * @param rejectionLog told one line for the first rejection of each reason from each source, or null.
     */
    public ControlAdapter(
        final ControlListener listener, final MessageVerifier verifier, final Consumer<String> rejectionLog)
    {
        this.listener = listener;
        this.verifier = verifier;
        this.rejectionLog = rejectionLog;
        for (int i = 0; i < loggedSources.length; i++)
        {
            loggedSources[i] = new ObjectHashSet<>();
        }
    }

    /**
     * Verify one message (when made with a verifier), decode its body and call the listener, or count it and drop
     * it.
     *
     * @param buffer holding the message.
     * @param offset of the message's first byte.
     * @param length of the message in bytes, its trailer included.
     * @param header Aeron's frame header: its context, an {@link Image}, names the source in the rejection log.
     */
    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        onSignedMessage(buffer, offset, length, null == header ? null : header.context());
    }

    /**
     * Verify one whole message (when made with a verifier), decode its body and call the listener, or count it and
     * drop it (also usable without Aeron).
     *
     * @param buffer  holding the message.
     * @param offset  of the message's first byte.
     * @param length  of the message in bytes, its trailer included.
     * @param context where it came from: an {@link Image} names its source identity in the log; else null.
     * @return the body's length, or a negative {@link Rejection#code()} or {@link ControlCodec} code when dropped.
     */
    public int onSignedMessage(final DirectBuffer buffer, final int offset, final int length, final Object context)
    {
        int bodyLength = length;
        if (null != verifier)
        {
            bodyLength = verifier.verify(buffer, offset, length);
            if (bodyLength < 0)
            {
                final Rejection rejection = Rejection.ofCode(bodyLength);
                if (null == rejection)
                {
                    malformed(bodyLength);
                    logOnce(Rejection.MALFORMED, context, 0);
                }
                else
                {
                    logOnce(rejection, context, 0);
                }
                return bodyLength;
            }
        }
        final int result = onMessage(buffer, offset, bodyLength);
        if (result < 0)
        {
            logOnce(Rejection.MALFORMED, context, result);
        }
        return result;
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
        final int result = ControlMessageValidator.validate(buffer, offset, length);
        if (ControlCodec.WRONG_TEMPLATE == result)
        {
            unknownTemplateCount++;
            lastErrorCode = result;
            return result;
        }
        if (result < 0)
        {
            return malformed(result);
        }

        header.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case HelloDecoder.TEMPLATE_ID:
                listener.onHello(hello.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case FireDecoder.TEMPLATE_ID:
                listener.onFire(fire.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case AckDecoder.TEMPLATE_ID:
                listener.onAck(ack.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case RefuseDecoder.TEMPLATE_ID:
                listener.onRefuse(refuse.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case SecondAggregateDecoder.TEMPLATE_ID:
                listener.onSecondAggregate(secondAggregate.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case EndDecoder.TEMPLATE_ID:
                listener.onEnd(end.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case AbortDecoder.TEMPLATE_ID:
                listener.onAbort(abort.wrap(buffer, bodyOffset, blockLength, version));
                break;

            case LeaseDecoder.TEMPLATE_ID:
                listener.onLease(lease.wrap(buffer, bodyOffset, blockLength, version));
                break;

            default: // the validator knows no template this switch does not: unreachable, but never a throw
                unknownTemplateCount++;
                lastErrorCode = ControlCodec.WRONG_TEMPLATE;
                return ControlCodec.WRONG_TEMPLATE;
        }
        messageCount++;

        return result;
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
     * Messages dropped for a reason: unauthenticated, stale and replayed as the verifier counted them, malformed as
     * {@link #malformedCount()} plus {@link #unknownTemplateCount()}.
     *
     * @param rejection the reason.
     * @return count since construction.
     */
    public long rejectedCount(final Rejection rejection)
    {
        if (Rejection.MALFORMED == rejection)
        {
            return malformedCount + unknownTemplateCount;
        }
        return null == verifier ? 0 : verifier.rejectedCount(rejection);
    }

    /**
     * @return the verifier, or null when this adapter decodes unverified.
     */
    public MessageVerifier verifier()
    {
        return verifier;
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

    private void logOnce(final Rejection rejection, final Object context, final int decodeResult)
    {
        if (null == rejectionLog)
        {
            return;
        }
        final String source = context instanceof Image image ? image.sourceIdentity() : UNKNOWN_SOURCE;
        final ObjectHashSet<String> logged = loggedSources[rejection.ordinal()];
        if (logged.contains(source) || logged.size() > MAX_LOGGED_SOURCES)
        {
            return;
        }
        if (MAX_LOGGED_SOURCES == logged.size())
        {
            logged.add("");
            rejectionLog.accept("control: " + rejection.label() + " messages from more than " + MAX_LOGGED_SOURCES +
                " sources: further sources are counted, not logged");
            return;
        }
        logged.add(source);
        final String why = decodeResult < 0 ? ControlCodec.codeName(decodeResult) : verifier.describeLastRejection();
        rejectionLog.accept("control: dropped a message from " + source + " as " + rejection.label() + " (" + why +
            "); further " + rejection.label() + " ones from there are counted, not logged");
    }

    private int malformed(final int code)
    {
        malformedCount++;
        lastErrorCode = code;
        return code;
    }
}
