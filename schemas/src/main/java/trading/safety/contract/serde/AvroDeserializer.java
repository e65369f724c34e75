package trading.safety.contract.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import trading.safety.contract.registry.SchemaNotFoundException;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.UnreadableRecordException.Reason;

/**
 * Reads Confluent-wire-format Avro into a generated class, resolving the writer's schema (any
 * compatible version) against the class's schema. Bytes that can never be read raise
 * {@link UnreadableRecordException}; an unreachable registry raises the registry's own
 * (transient) exception. Thread-safe.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistry registry;
    private final SpecificData model;
    private final Schema readerSchema;
    private final Map<Integer, SpecificDatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    public AvroDeserializer(SchemaRegistry registry, Class<T> type) {
        TrustedAvroPackages.install();
        this.registry = registry;
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int schemaId = WireFormat.schemaId(data);
        SpecificDatumReader<T> reader = readersBySchemaId.computeIfAbsent(schemaId, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, decoders.get());
        decoders.set(decoder);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the record");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableRecordException(Reason.UNDECODABLE, "cannot decode " + readerSchema.getFullName()
                    + " written with schema id " + schemaId + " from topic " + topic + ": " + e, e);
        }
    }

    private SpecificDatumReader<T> readerFor(int schemaId) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new UnreadableRecordException(Reason.UNKNOWN_SCHEMA_ID, e.getMessage(), e);
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, model);
    }
}
