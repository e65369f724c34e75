package trading.safety.risk.processor;

import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import trading.safety.risk.domain.DataQualityGate;
import trading.safety.v1.MarketBar;
import trading.safety.v1.QualityIssue;
import trading.safety.v1.QualityIssueType;
import trading.safety.v1.SymbolQuality;

/**
 * Per bar: reads the symbol's gate state, lets the gate take the bar, stores the result and forwards the
 * verdict at the bar record's timestamp (stream time, never the wall clock).
 */
public final class SymbolQualityProcessor implements Processor<String, MarketBar, String, SymbolQuality> {

    private final DataQualityGate gate;
    private final String storeName;
    private KeyValueStore<String, DataQualityGate.State> store;
    private ProcessorContext<String, SymbolQuality> context;

    public SymbolQualityProcessor(DataQualityGate gate, String storeName) {
        this.gate = gate;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, SymbolQuality> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, MarketBar> record) {
        MarketBar bar = record.value();
        if (bar == null) {
            return;
        }
        String symbol = bar.getSymbol();
        DataQualityGate.State state = store.get(symbol);
        DataQualityGate.State next = gate.onBar(state == null ? DataQualityGate.State.empty() : state,
                bar.getBarTime(), bar.getClose());
        store.put(symbol, next);
        Instant streamTime = Instant.ofEpochMilli(record.timestamp());
        DataQualityGate.Verdict verdict = gate.verdict(next, streamTime);
        SymbolQuality quality = SymbolQuality.newBuilder()
                .setEventId("symbol-quality:" + bar.getEventId())
                .setCausationId(bar.getEventId())
                .setSymbol(symbol)
                .setTradable(verdict.tradable())
                .setIssues(verdict.issues().stream()
                        .map(i -> new QualityIssue(QualityIssueType.valueOf(i.type()), i.detail()))
                        .toList())
                .setLastBarTime(next.lastBarTime())
                .setHistoryDays(verdict.historyDays())
                .setUpdatedAt(streamTime)
                .build();
        context.forward(new Record<>(symbol, quality, record.timestamp()));
    }
}
