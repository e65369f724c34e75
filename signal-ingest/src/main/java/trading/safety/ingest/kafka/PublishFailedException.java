package trading.safety.ingest.kafka;

/** Kafka did not acknowledge a write within the bound; the caller must not report it as accepted. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
