package trading.safety.risk.domain;

import java.time.Instant;
import trading.safety.v1.TradeSignal;

/**
 * The signals each account saw within the duplicate window, for the duplicate-intent rule. They are kept
 * apart from the account's state: at a high signal rate per account the window holds thousands of them,
 * and the state is written on every record, whereas here each signal is one small entry written once.
 */
public interface SeenSignals {

    /**
     * A signal seen at account time {@code at}, by 64-bit digests of its intent fingerprint and its signalId.
     * Collisions have odds of about 2^-64 per pair: two different intents that collide look alike, which
     * rejects the later one (fails closed); two different signalIds that collide look like one signal, which
     * would let a duplicate through.
     */
    record SeenSignal(long fingerprint, long signalId, Instant at) {

        /** The seen signal for a fingerprint and a signalId in text. */
        public static SeenSignal of(String fingerprint, String signalId, Instant at) {
            return new SeenSignal(Digests.md5Prefix(fingerprint), Digests.md5Prefix(signalId), at);
        }

        /** A signal seen at {@code at}: its digests, computed once per signal. */
        public static SeenSignal of(TradeSignal signal, Instant at) {
            return of(SeenSignals.fingerprint(signal), signal.getSignalId(), at);
        }
    }

    /**
     * The intent a signal expresses within its account: strategy, symbol, side and quantity. Two signals with
     * the same fingerprint and different signalIds within the window mean a strategy's idempotency broke.
     */
    static String fingerprint(TradeSignal signal) {
        return String.join("|", signal.getStrategyId(), signal.getSymbol(), String.valueOf(signal.getSide()),
                signal.getQuantity().stripTrailingZeros().toPlainString());
    }

    /**
     * Whether {@code accountId} saw a signal with the candidate's fingerprint and another signalId at an
     * account time from {@code since} to the candidate's time, both included; null when the signals from
     * {@code since} on may no longer all be kept, so the question cannot be answered.
     */
    Boolean anotherSince(String accountId, SeenSignal candidate, Instant since);

    /** Remembers a decided signal of {@code accountId}. */
    void remember(String accountId, SeenSignal seen);
}
