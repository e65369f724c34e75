package trading.safety.contract.topic;

/** Kafka's {@code cleanup.policy}, as the catalog requires it per topic. */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }
}
