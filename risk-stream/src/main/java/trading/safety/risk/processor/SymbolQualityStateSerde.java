package trading.safety.risk.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import trading.safety.risk.domain.DataQualityGate;

/**
 * Stores the data-quality gate's per-symbol state as small JSON documents (internal to risk-stream: its
 * store and changelog only). Thread-safe.
 */
public final class SymbolQualityStateSerde implements Serde<DataQualityGate.State> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The stored shape: instants as epoch milliseconds, decimals as strings, the close window as 1/0, and
     * the history days as a bitmap from {@code firstDay} (base64), so a year of days costs about 60 bytes.
     */
    record Stored(Long lastBarTime, String lastClose, String recentCloses, String firstDay, String days,
            Long outlierSince, String outlierDetail) {
    }

    @Override
    public Serializer<DataQualityGate.State> serializer() {
        return (topic, state) -> {
            if (state == null) {
                return null;
            }
            StringBuilder window = new StringBuilder(state.recentCloses().size());
            state.recentCloses().forEach(present -> window.append(present ? '1' : '0'));
            LocalDate first = state.days().isEmpty() ? null : state.days().first();
            BitSet days = new BitSet();
            state.days().forEach(day -> days.set((int) ChronoUnit.DAYS.between(first, day)));
            Stored stored = new Stored(state.lastBarTime() == null ? null : state.lastBarTime().toEpochMilli(),
                    state.lastClose() == null ? null : state.lastClose().toPlainString(), window.toString(),
                    first == null ? null : first.toString(), Base64.getEncoder().encodeToString(days.toByteArray()),
                    state.outlierSince() == null ? null : state.outlierSince().toEpochMilli(), state.outlierDetail());
            try {
                return JSON.writeValueAsBytes(stored);
            } catch (IOException e) {
                throw new SerializationException("cannot store symbol quality state", e);
            }
        };
    }

    @Override
    public Deserializer<DataQualityGate.State> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                Stored stored = JSON.readValue(bytes, Stored.class);
                List<Boolean> window = new ArrayList<>(stored.recentCloses().length());
                stored.recentCloses().chars().forEach(c -> window.add(c == '1'));
                TreeSet<LocalDate> days = new TreeSet<>();
                if (stored.firstDay() != null) {
                    LocalDate first = LocalDate.parse(stored.firstDay());
                    BitSet bits = BitSet.valueOf(Base64.getDecoder().decode(stored.days()));
                    bits.stream().forEach(offset -> days.add(first.plusDays(offset)));
                }
                return new DataQualityGate.State(
                        stored.lastBarTime() == null ? null : Instant.ofEpochMilli(stored.lastBarTime()),
                        stored.lastClose() == null ? null : new BigDecimal(stored.lastClose()), window, days,
                        stored.outlierSince() == null ? null : Instant.ofEpochMilli(stored.outlierSince()),
                        stored.outlierDetail());
            } catch (IOException e) {
                throw new SerializationException("cannot read stored symbol quality state", e);
            }
        };
    }
}
