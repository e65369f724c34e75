package trading.safety.contract.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A key of the compacted control topic. Every key has exactly one string form ({@link #value()}),
 * and {@link #parse} accepts exactly those forms, so {@code parse(k.value()).equals(k)} always holds.
 * Ids are 1 to 64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit.
 */
public sealed interface ControlKey {

    Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The key as written on the topic. */
    String value();

    /** The global kill switch: {@code kill-switch}. */
    record GlobalKillSwitch() implements ControlKey {
        @Override
        public String value() {
            return "kill-switch";
        }
    }

    /** An account's kill switch: {@code kill-switch/account/{accountId}}. */
    record AccountKillSwitch(String accountId) implements ControlKey {
        public AccountKillSwitch {
            requireId("accountId", accountId);
        }

        @Override
        public String value() {
            return "kill-switch/account/" + accountId;
        }
    }

    /** A strategy's switch (active means disabled): {@code strategy/{strategyId}}. */
    record StrategySwitch(String strategyId) implements ControlKey {
        public StrategySwitch {
            requireId("strategyId", strategyId);
        }

        @Override
        public String value() {
            return "strategy/" + strategyId;
        }
    }

    /** A circuit breaker: {@code circuit-breaker/{name}}. */
    record CircuitBreaker(BreakerName name) implements ControlKey {
        public CircuitBreaker {
            java.util.Objects.requireNonNull(name, "name");
        }

        @Override
        public String value() {
            return "circuit-breaker/" + name.value();
        }
    }

    /** Which broker orders go to (param {@code brokerId}): {@code broker/active}. */
    record ActiveBroker() implements ControlKey {
        @Override
        public String value() {
            return "broker/active";
        }
    }

    /** An operator's drawdown-state override: {@code drawdown/{accountId}}. */
    record DrawdownOverride(String accountId) implements ControlKey {
        public DrawdownOverride {
            requireId("accountId", accountId);
        }

        @Override
        public String value() {
            return "drawdown/" + accountId;
        }
    }

    /** Runtime risk limits of an account: {@code limits/{accountId}}. */
    record RiskLimits(String accountId) implements ControlKey {
        public RiskLimits {
            requireId("accountId", accountId);
        }

        @Override
        public String value() {
            return "limits/" + accountId;
        }
    }

    /** Accept the broker as truth for an account's ledger: {@code recon/sync/{accountId}}. */
    record ReconSync(String accountId) implements ControlKey {
        public ReconSync {
            requireId("accountId", accountId);
        }

        @Override
        public String value() {
            return "recon/sync/" + accountId;
        }
    }

    /**
     * An operator's command to cancel every open order, everywhere ({@code orders/cancel-all}) or of one
     * account ({@code orders/cancel-all/{accountId}}). A command, not a state: the router acts once on each
     * new command id it sees live.
     *
     * @param accountId the account, or null for every account
     */
    record CancelAllOrders(String accountId) implements ControlKey {
        public CancelAllOrders {
            if (accountId != null) {
                requireId("accountId", accountId);
            }
        }

        @Override
        public String value() {
            return accountId == null ? "orders/cancel-all" : "orders/cancel-all/" + accountId;
        }
    }

    /**
     * An operator's command to close every position, everywhere ({@code positions/flatten}) or of one account
     * ({@code positions/flatten/{accountId}}): the router writes a FLATTEN intent per position of the latest
     * snapshot, once per new command id it sees live.
     *
     * @param accountId the account, or null for every account
     */
    record FlattenPositions(String accountId) implements ControlKey {
        public FlattenPositions {
            if (accountId != null) {
                requireId("accountId", accountId);
            }
        }

        @Override
        public String value() {
            return accountId == null ? "positions/flatten" : "positions/flatten/" + accountId;
        }
    }

    /**
     * Reads a key as written on the control topic.
     *
     * @throws InvalidControlKeyException when the text is not one of the key forms
     */
    static ControlKey parse(String text) {
        if (text == null) {
            throw new InvalidControlKeyException(null, "a control key is required");
        }
        if (text.equals("kill-switch")) {
            return new GlobalKillSwitch();
        }
        if (text.equals("broker/active")) {
            return new ActiveBroker();
        }
        if (text.equals("orders/cancel-all")) {
            return new CancelAllOrders(null);
        }
        if (text.equals("positions/flatten")) {
            return new FlattenPositions(null);
        }
        for (Map.Entry<String, Function<String, ControlKey>> form : SCOPED_FORMS.entrySet()) {
            if (text.startsWith(form.getKey())) {
                try {
                    return form.getValue().apply(text.substring(form.getKey().length()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidControlKeyException(text, e.getMessage());
                }
            }
        }
        throw new InvalidControlKeyException(text, "not a known control key form");
    }

    /** Key prefixes followed by an id or a breaker name, and how to build the key from the rest. */
    Map<String, Function<String, ControlKey>> SCOPED_FORMS = scopedForms();

    private static Map<String, Function<String, ControlKey>> scopedForms() {
        Map<String, Function<String, ControlKey>> forms = new LinkedHashMap<>();
        forms.put("kill-switch/account/", AccountKillSwitch::new);
        forms.put("circuit-breaker/", rest -> new CircuitBreaker(BreakerName.parse(rest)));
        forms.put("strategy/", StrategySwitch::new);
        forms.put("drawdown/", DrawdownOverride::new);
        forms.put("limits/", RiskLimits::new);
        forms.put("recon/sync/", ReconSync::new);
        forms.put("orders/cancel-all/", CancelAllOrders::new);
        forms.put("positions/flatten/", FlattenPositions::new);
        return java.util.Collections.unmodifiableMap(forms);
    }

    private static void requireId(String field, String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException(field + " '" + id + "' must match " + ID.pattern());
        }
    }

    /** Exactly {@link #ID}, checked by hand: keys are built for every signal risk-stream decides. */
    private static boolean isId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /** The name of a circuit breaker: {@code system}, {@code strategy/{id}} or {@code broker/{id}}. */
    sealed interface BreakerName {

        String value();

        record System() implements BreakerName {
            @Override
            public String value() {
                return "system";
            }
        }

        record Strategy(String strategyId) implements BreakerName {
            public Strategy {
                requireId("strategyId", strategyId);
            }

            @Override
            public String value() {
                return "strategy/" + strategyId;
            }
        }

        record Broker(String brokerId) implements BreakerName {
            public Broker {
                requireId("brokerId", brokerId);
            }

            @Override
            public String value() {
                return "broker/" + brokerId;
            }
        }

        static BreakerName parse(String text) {
            if (text.equals("system")) {
                return new System();
            }
            if (text.startsWith("strategy/")) {
                return new Strategy(text.substring("strategy/".length()));
            }
            if (text.startsWith("broker/")) {
                return new Broker(text.substring("broker/".length()));
            }
            throw new IllegalArgumentException("breaker name '" + text + "' is not system, strategy/{id} or broker/{id}");
        }
    }
}
