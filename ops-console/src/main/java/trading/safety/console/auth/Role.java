package trading.safety.console.auth;

/** What a bearer token may do; each role includes the ones below it. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
