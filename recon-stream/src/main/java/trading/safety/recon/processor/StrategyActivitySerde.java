package trading.safety.recon.processor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import trading.safety.recon.domain.StrategyHealth;

/**
 * The strategy activity store's value format, version 1: a version byte, the number of days, then each day
 * oldest first (its date as an epoch day, decisions, rejections, trades, net PnL). Decimals are written as
 * their plain text, so no precision is lost and the format does not depend on a scale.
 */
public final class StrategyActivitySerde implements Serde<StrategyHealth.Activity> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<StrategyHealth.Activity> serializer() {
        return (topic, activity) -> activity == null ? null : write(activity);
    }

    @Override
    public Deserializer<StrategyHealth.Activity> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(StrategyHealth.Activity activity) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * activity.days().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(activity.days().size());
            for (StrategyHealth.Day day : activity.days()) {
                out.writeLong(day.date().toEpochDay());
                out.writeLong(day.decisions());
                out.writeLong(day.rejections());
                out.writeLong(day.trades());
                out.writeUTF(day.netPnl().toPlainString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StrategyHealth.Activity read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("strategy activity format " + version + " is not known (expected "
                        + VERSION + ")");
            }
            int count = in.readInt();
            List<StrategyHealth.Day> days = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                days.add(new StrategyHealth.Day(LocalDate.ofEpochDay(in.readLong()), in.readLong(), in.readLong(),
                        in.readLong(), new BigDecimal(in.readUTF())));
            }
            return new StrategyHealth.Activity(days);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
