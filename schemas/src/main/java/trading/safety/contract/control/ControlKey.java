package trading.safety.contract.control;

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
     * Reads a key as written on the control topic.
     *
     * @throws InvalidControlKeyException when the text is not one of the key forms
     */
    static ControlKey parse(String text) {
        if (text == null) {
            throw new InvalidControlKeyException(null, "a control key is required");
        }
        try {
            if (text.equals("kill-switch")) {
                return new GlobalKillSwitch();
            }
            if (text.equals("broker/active")) {
                return new ActiveBroker();
            }
            if (text.startsWith("kill-switch/account/")) {
                return new AccountKillSwitch(text.substring("kill-switch/account/".length()));
            }
            if (text.startsWith("circuit-breaker/")) {
                return new CircuitBreaker(BreakerName.parse(text.substring("circuit-breaker/".length())));
            }
            if (text.startsWith("strategy/")) {
                return new StrategySwitch(text.substring("strategy/".length()));
            }
            if (text.startsWith("drawdown/")) {
                return new DrawdownOverride(text.substring("drawdown/".length()));
            }
            if (text.startsWith("limits/")) {
                return new RiskLimits(text.substring("limits/".length()));
            }
            if (text.startsWith("recon/sync/")) {
                return new ReconSync(text.substring("recon/sync/".length()));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidControlKeyException(text, e.getMessage());
        }
        throw new InvalidControlKeyException(text, "not a known control key form");
    }

    private static void requireId(String field, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(field + " '" + id + "' must match " + ID.pattern());
        }
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
