package trading.safety.console.replay;

/**
 * A replay that was not started because of what was asked or when: the request, not the system, is at fault,
 * so the API answers a 4xx naming the reason. Nothing was read.
 */
public abstract class ReplayRefusedException extends RuntimeException {

    protected ReplayRefusedException(String message) {
        super(message);
    }
}
