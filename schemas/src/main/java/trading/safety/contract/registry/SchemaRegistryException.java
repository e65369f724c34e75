package trading.safety.contract.registry;

/**
 * A registry call failed: the registry is unreachable, answered with an error, or refused the
 * request. {@link #httpStatus()} is 0 when no answer was received, which callers treat as
 * transient (retry), never as a property of the record being processed.
 */
public class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;

    public SchemaRegistryException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
