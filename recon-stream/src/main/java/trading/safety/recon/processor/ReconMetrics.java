package trading.safety.recon.processor;

/** What recon-stream's processors report as they go; the service exports it to Prometheus. */
public interface ReconMetrics {

    /** A snapshot was reconciled: its status, and the account's current run of differing snapshots. */
    void reconciled(String accountId, String status, int consecutiveFailures);

    /** A fill arrived again under a fill id already counted. */
    void duplicateFill();

    /** An automatic rule fired (RECONCILIATION, REJECTION_RATE, CONSECUTIVE_FAILURES, DUPLICATE_INTENT). */
    void ruleFired(String rule);

    /** An operator's sync set the account's ledger to the broker's figures. */
    void syncApplied(String accountId);

    /** A strategy's scores on an account were published. */
    void strategyHealth(String strategyId, String accountId, double score7, double score30);

    ReconMetrics NONE = new ReconMetrics() {
        @Override
        public void reconciled(String accountId, String status, int consecutiveFailures) {
        }

        @Override
        public void duplicateFill() {
        }

        @Override
        public void ruleFired(String rule) {
        }

        @Override
        public void syncApplied(String accountId) {
        }

        @Override
        public void strategyHealth(String strategyId, String accountId, double score7, double score30) {
        }
    };
}
