package trading.safety.localstack;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets the stack hands its services: operator tokens per role and the demo strategies'
 * keys. Each comes from its environment variable when set, else is generated at random for this
 * run; {@link #generated()} lists which, so they can be printed once and never again.
 *
 * @param values environment variable name to value
 */
public record Credentials(Map<String, String> values, List<String> generated) {

    static final String ADMIN = "SAFETY_ADMIN_TOKEN";
    static final String OPERATOR = "SAFETY_OPERATOR_TOKEN";
    static final String VIEWER = "SAFETY_VIEWER_TOKEN";
    static final String STRATEGY_KEYS = "SAFETY_STRATEGY_KEYS";

    /** The demo strategies: two accounts, three strategies. */
    static final List<String> DEMO_STRATEGIES = List.of("momentum:ACC-DEMO-1", "mean-reversion:ACC-DEMO-1",
            "breakout:ACC-DEMO-2");

    public Credentials {
        values = Map.copyOf(values);
        generated = List.copyOf(generated);
    }

    public static Credentials from(Map<String, String> environment, SecureRandom random) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> generated = new java.util.ArrayList<>();
        for (String name : List.of(ADMIN, OPERATOR, VIEWER)) {
            String configured = environment.get(name);
            if (configured == null || configured.isBlank()) {
                configured = secret(random);
                generated.add(name);
            }
            values.put(name, configured);
        }
        String keys = environment.get(STRATEGY_KEYS);
        if (keys == null || keys.isBlank()) {
            keys = String.join(",", DEMO_STRATEGIES.stream().map(s -> s + ":" + secret(random)).toList());
            generated.add(STRATEGY_KEYS);
        }
        values.put(STRATEGY_KEYS, keys);
        return new Credentials(values, generated);
    }

    String get(String name) {
        return values.get(name);
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "Credentials[redacted, generated=" + generated + "]";
    }
}
