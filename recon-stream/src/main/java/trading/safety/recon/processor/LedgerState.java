package trading.safety.recon.processor;

import java.math.BigDecimal;
import java.time.LocalDate;
import trading.safety.recon.domain.AccountLedger;

/**
 * What recon-stream keeps per account: the ledger, whether it has its opening balance, how many fills it
 * has applied, the current run of snapshots that differed from it, the command id of the last operator sync
 * applied (null for none), the day's starting equity on both sides for the daily PnL (null before the
 * first snapshot), and the cause under which the current failing run's alert was raised (null when none is
 * open), so the passing snapshot resolves exactly that alert.
 */
public record LedgerState(AccountLedger ledger, boolean opened, long fills, int consecutiveFailures,
        String lastSync, DayStart dayStart, String alertRaisedBy) {

    /** Equity by our ledger (at the broker's marks) and by the broker at the day's first snapshot. */
    public record DayStart(LocalDate day, BigDecimal ledgerEquity, BigDecimal brokerEquity, BigDecimal fees) {
    }

    public static LedgerState initial() {
        return new LedgerState(AccountLedger.empty(), false, 0, 0, null, null, null);
    }

    public LedgerState withLedger(AccountLedger next) {
        return new LedgerState(next, opened, fills, consecutiveFailures, lastSync, dayStart, alertRaisedBy);
    }
}
