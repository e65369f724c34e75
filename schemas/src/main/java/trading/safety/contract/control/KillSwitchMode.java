package trading.safety.contract.control;

/** Modes of a kill switch, carried in {@code ControlRecord.mode}. */
public enum KillSwitchMode {
    /** Block new entries; exits and cancels pass. */
    HALT_ONLY,
    /** Block everything except the router's flatten orders, and flatten every position. */
    CLOSE_POSITIONS
}
