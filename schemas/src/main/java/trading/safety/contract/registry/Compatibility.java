package trading.safety.contract.registry;

/** Schema evolution rules a registry enforces, as named by the Confluent API. */
public enum Compatibility {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
