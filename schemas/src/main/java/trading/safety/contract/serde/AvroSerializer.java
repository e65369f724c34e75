package trading.safety.contract.serde;

import java.io.IOException;
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

    /** One thread's output buffer and encoder, with the header slot reserved at the front. */
    private static final class Buffer {
        private final ReusableBuffer out = new ReusableBuffer(512);
        private BinaryEncoder encoder;

        <T> byte[] write(int schemaId, SpecificDatumWriter<T> writer, T data) throws IOException {
            out.reset(WireFormat.HEADER_LENGTH);
            encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
            writer.write(data, encoder);
            WireFormat.writeHeader(out.array(), schemaId);
            return out.toByteArray();
        }
    }
}
