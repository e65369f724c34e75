package trading.safety.contract.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The one error for record bytes that can never be read, whatever is retried: services route
 * it to {@code trading.dlq.v1} as a {@code DeadLetter}. A registry that cannot be reached is
 * not this error; it is transient and surfaces as a {@code SchemaRegistryException}.
 */
public class UnreadableRecordException extends SerializationException {

    /** Why the bytes cannot be read; stable names, used as the dead letter's errorType. */
    public enum Reason {
        /** The first byte is not the Confluent wire format's magic byte 0 (or the value is too short). */
        UNKNOWN_MAGIC_BYTE,
        /** The registry does not know the schema id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The header is fine but the Avro body does not decode with the writer's schema. */
        UNDECODABLE
    }

    private final Reason reason;

    public UnreadableRecordException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether {@code error} or one of its causes says the bytes can never be read (not a passing failure). */
    public static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnreadableRecordException) {
                return true;
            }
        }
        return false;
    }
}
