package trading.safety.risk.topology;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Fill;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Side;
import trading.safety.v1.SymbolQuality;
import trading.safety.v1.TradeSignal;

/** Test-data builders for the records risk-stream reads, with readable defaults. */
final class Inputs {

    private Inputs() {
    }

    static TradeSignal signal(String signalId, String account, String symbol, Side side, long quantity, Instant at) {
        return SampleRecords.signal().setEventId("evt-" + signalId).setSignalId(signalId).setAccountId(account)
                .setSymbol(symbol).setSide(side).setQuantity(Decimals.of(quantity)).setOrderType(OrderType.MARKET)
                .setLimitPrice(null).setReferencePrice(Decimals.of("100")).setCreatedAt(at).build();
    }

    static BrokerSnapshot snapshot(String account, String equity, Instant asOf, BrokerPosition... positions) {
        return BrokerSnapshot.newBuilder().setEventId("snap-" + account + "-" + asOf.toEpochMilli())
                .setCausationId(null).setAccountId(account).setBrokerId("paper").setAsOf(asOf)
                .setCash(Decimals.of(equity)).setEquity(Decimals.of(equity)).setPositions(List.of(positions))
                .setOpenOrders(0).build();
    }

    static BrokerPosition position(String symbol, long quantity, String price) {
        return new BrokerPosition(symbol, Decimals.of(quantity), Decimals.of(price),
                Decimals.of(new java.math.BigDecimal(price).multiply(java.math.BigDecimal.valueOf(quantity))));
    }

    static Fill fill(String fillId, String account, String symbol, Side side, long quantity, String price, Instant at) {
        return Fill.newBuilder().setEventId("evt-" + fillId).setCausationId(null).setFillId(fillId)
                .setIntentId("intent-" + fillId).setAccountId(account).setSymbol(symbol).setSide(side)
                .setQuantity(Decimals.of(quantity)).setPrice(Decimals.of(price)).setFee(Decimals.of("1"))
                .setBrokerId("paper").setFilledAt(at).build();
    }

    static ReconciliationResult recon(String account, ReconStatus status, Instant at) {
        return ReconciliationResult.newBuilder().setEventId("recon-" + account + "-" + at.toEpochMilli())
                .setCausationId(null).setAccountId(account).setBrokerId("paper").setSnapshotAsOf(at).setStatus(status)
                .setDiscrepancies(List.of()).setConsecutiveFailures(status == ReconStatus.FAIL ? 2 : 0).build();
    }

    static SymbolQuality tradable(String symbol, Instant lastBar) {
        return SymbolQuality.newBuilder().setEventId("q-" + symbol + "-" + lastBar.toEpochMilli()).setCausationId(null)
                .setSymbol(symbol).setTradable(true).setIssues(List.of()).setLastBarTime(lastBar).setHistoryDays(250)
                .setUpdatedAt(lastBar).build();
    }

    static ControlRecord control(String key, boolean active, String mode, Instant at, Map<String, String> params) {
        return ControlRecord.newBuilder().setEventId("ctl-" + key + "-" + at.toEpochMilli()).setCausationId(null)
                .setKey(key).setActive(active).setMode(mode).setReason("test").setOperator("alice")
                .setOrigin("MANUAL").setCommandId("cmd-" + key + "-" + at.toEpochMilli()).setAt(at).setParams(params)
                .build();
    }
}
