package trading.safety.contract.control;

/** A control-topic key that is not one of the known forms; readers fail closed on it. */
public class InvalidControlKeyException extends IllegalArgumentException {

    public InvalidControlKeyException(String key, String problem) {
        super("invalid control key '" + key + "': " + problem);
    }
}
