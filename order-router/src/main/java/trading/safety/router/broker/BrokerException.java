package trading.safety.router.broker;

/**
 * No usable answer from a broker: a connection failure, a timeout, a server error, rate limiting or
 * a body that cannot be read. These count toward failover; a rejection does not.
 */
public class BrokerException extends Exception {

    private final boolean connectivity;

    public BrokerException(String message, boolean connectivity, Throwable cause) {
        super(message, cause);
        this.connectivity = connectivity;
    }

    /** True when the broker could not be reached at all (as opposed to answering badly). */
    public boolean connectivity() {
        return connectivity;
    }
}
