package trading.safety.console.auth;

/**
 * Who made a request: the role its bearer token grants and the operator name recorded for what it does.
 * The name comes from the token, never from the request body.
 */
public record Caller(String operator, Role role) {

    /** The request attribute under which the authenticated caller is kept. */
    public static final String ATTRIBUTE = Caller.class.getName();
}
