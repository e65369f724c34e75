package trading.safety.recon.processor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import trading.safety.recon.domain.ExecutionKillRules;

/**
 * The execution-activity store's value format, version 1: a version byte, the run of failures, the number of
 * slices, then each slice (start in epoch milliseconds, answers, rejections).
 */
public final class ExecutionActivitySerde implements Serde<ExecutionKillRules.Activity> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<ExecutionKillRules.Activity> serializer() {
        return (topic, activity) -> activity == null ? null : write(activity);
    }

    @Override
    public Deserializer<ExecutionKillRules.Activity> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(ExecutionKillRules.Activity activity) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(9 + activity.slices().size() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(activity.consecutiveFailures());
            out.writeInt(activity.slices().size());
            for (ExecutionKillRules.Slice slice : activity.slices()) {
                out.writeLong(slice.start().toEpochMilli());
                out.writeInt(slice.answers());
                out.writeInt(slice.rejections());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ExecutionKillRules.Activity read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("execution activity format " + version + " is not known (expected "
                        + VERSION + ")");
            }
            int failures = in.readInt();
            int count = in.readInt();
            List<ExecutionKillRules.Slice> slices = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                slices.add(new ExecutionKillRules.Slice(Instant.ofEpochMilli(in.readLong()), in.readInt(),
                        in.readInt()));
            }
            return new ExecutionKillRules.Activity(slices, failures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
