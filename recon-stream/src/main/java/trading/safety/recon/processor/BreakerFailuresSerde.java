package trading.safety.recon.processor;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import trading.safety.recon.domain.StrategyBreaker;

/** The breaker-failures store's value format, version 1: a version byte, then each failure's epoch millis. */
public final class BreakerFailuresSerde implements Serde<StrategyBreaker.Failures> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<StrategyBreaker.Failures> serializer() {
        return (topic, failures) -> {
            if (failures == null) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(1 + Long.BYTES * failures.at().size()).put(VERSION);
            failures.at().forEach(at -> out.putLong(at.toEpochMilli()));
            return out.array();
        };
    }

    @Override
    public Deserializer<StrategyBreaker.Failures> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION || in.remaining() % Long.BYTES != 0) {
                throw new IllegalStateException("breaker failures format " + version + " (" + bytes.length
                        + " bytes) is not known (expected " + VERSION + ")");
            }
            List<Instant> at = new ArrayList<>(in.remaining() / Long.BYTES);
            while (in.hasRemaining()) {
                at.add(Instant.ofEpochMilli(in.getLong()));
            }
            return new StrategyBreaker.Failures(at);
        };
    }
}
