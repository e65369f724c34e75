package trading.safety.contract.control;

/** The {@code origin} of a control record: an operator, or a named automatic rule. */
public final class ControlOrigin {

    public static final String MANUAL = "MANUAL";
    private static final String AUTO_PREFIX = "AUTO:";

    private ControlOrigin() {
    }

    /** The origin of a record written by the automatic rule {@code rule}, e.g. {@code AUTO:RECONCILIATION}. */
    public static String auto(String rule) {
        if (rule == null || rule.isBlank()) {
            throw new IllegalArgumentException("an automatic rule needs a name");
        }
        return AUTO_PREFIX + rule;
    }

    public static boolean isAutomatic(String origin) {
        return origin != null && origin.startsWith(AUTO_PREFIX);
    }

    /** The rule of an automatic origin ({@code RECONCILIATION} of {@code AUTO:RECONCILIATION}); null otherwise. */
    public static String rule(String origin) {
        return isAutomatic(origin) ? origin.substring(AUTO_PREFIX.length()) : null;
    }
}
