package trading.safety.recon.processor;

import trading.safety.recon.domain.AccountLedger;

/**
 * What recon-stream keeps per account: the ledger, whether it has its opening balance, how many fills it
 * has applied, and the current run of snapshots that differed from it.
 */
public record LedgerState(AccountLedger ledger, boolean opened, long fills, int consecutiveFailures) {

    public static LedgerState initial() {
        return new LedgerState(AccountLedger.empty(), false, 0, 0);
    }
}
