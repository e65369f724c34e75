package trading.safety.console.replay;

/** Another replay is running; one runs at a time (a 409 or 429: try again when it has finished). */
public final class ReplayBusyException extends ReplayRefusedException {

    public ReplayBusyException() {
        super("another audit replay is running; try again when it has finished");
    }
}
