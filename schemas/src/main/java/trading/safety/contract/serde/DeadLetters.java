package trading.safety.contract.serde;

import java.nio.ByteBuffer;
import java.time.Instant;
import trading.safety.v1.DeadLetter;

/**
 * Builds the {@link DeadLetter} for a record a service refuses. The event id is derived from
 * the source coordinates, so a record dead-lettered twice (say after a restart) is recognisably
 * the same.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** Where a refused record came from. */
    public record Source(String topic, int partition, long offset, byte[] key, byte[] value) {
    }

    public static DeadLetter of(Source source, Throwable error, String service, Instant at) {
        return DeadLetter.newBuilder()
                .setEventId("dlq:" + source.topic() + "/" + source.partition() + "/" + source.offset())
                .setCausationId(null)
                .setSourceTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
                .setValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
                .setError(String.valueOf(error.getMessage()))
                .setErrorType(errorType(error))
                .setService(service)
                .setAt(at)
                .build();
    }

    /** The stable category of an error: the unreadable reason when there is one, else the class name. */
    public static String errorType(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnreadableRecordException unreadable) {
                return unreadable.reason().name();
            }
        }
        return error.getClass().getSimpleName();
    }
}
