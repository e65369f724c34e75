package trading.safety.console.lag;

/** Where a consumer group stands against its lag threshold. */
public enum LagState {
    /** Lag at or below the threshold. */
    OK,
    /** Lag above the threshold for less than the sustain time: nothing raised yet. */
    EXCEEDING,
    /** Lag above the threshold for at least the sustain time: a CONSUMER_LAG alert is open. */
    ALERTING
}
