package trading.safety.router.broker;

/**
 * What a broker answered to a submission: accepted, rejected (a business answer, e.g. insufficient buying
 * power), or a duplicate (the broker already holds an order with that client order id, which it returns).
 * A failure to get an answer at all is a {@link BrokerException}, not a result.
 */
public record SubmitResult(Outcome outcome, BrokerOrder order, String reason) {

    public enum Outcome {
        ACCEPTED, REJECTED, DUPLICATE
    }

    public static SubmitResult accepted(BrokerOrder order) {
        return new SubmitResult(Outcome.ACCEPTED, order, null);
    }

    public static SubmitResult rejected(BrokerOrder order, String reason) {
        return new SubmitResult(Outcome.REJECTED, order, reason);
    }

    public static SubmitResult duplicate(BrokerOrder existing) {
        return new SubmitResult(Outcome.DUPLICATE, existing, "client order id already used");
    }
}
