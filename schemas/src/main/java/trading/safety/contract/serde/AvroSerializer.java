package trading.safety.contract.serde;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import trading.safety.contract.registry.SchemaRegistry;

/**
 * Writes a generated Avro record in the Confluent wire format, registering its schema under
 * {@code <topic>-value} on first use. Thread-safe: the only mutable state is a per-thread
 * buffer and encoder, and the id cache.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistry registry;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    public AvroSerializer(SchemaRegistry registry, Class<T> type) {
        TrustedAvroPackages.install();
        this.registry = registry;
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = idsByTopic.computeIfAbsent(topic, t -> registry.register(SchemaRegistry.valueSubject(t), schema));
        Buffer buffer = buffers.get();
        try {
            return buffer.write(id, writer, data);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    /** A growable byte array reused by one thread, with the header slot reserved at the front. */
    private static final class Buffer extends java.io.OutputStream {
        private byte[] bytes = new byte[512];
        private int size;
        private BinaryEncoder encoder;

        <T> byte[] write(int schemaId, SpecificDatumWriter<T> writer, T data) throws IOException {
            size = WireFormat.HEADER_LENGTH;
            encoder = EncoderFactory.get().directBinaryEncoder(this, encoder);
            writer.write(data, encoder);
            WireFormat.writeHeader(bytes, schemaId);
            return Arrays.copyOf(bytes, size);
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            ensure(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }
    }
}
