package trading.safety.ingest.domain;

/** The body names a strategy or account other than the one the caller's key belongs to. */
public class ForbiddenIdentityException extends RuntimeException {

    private final String field;

    public ForbiddenIdentityException(String field) {
        super(field + " does not match the strategy key");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
