package trading.safety.contract.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.UnreadableRecordException.Reason;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.TradeSignal;

class AvroSerdeTest {

    private static final String TOPIC = Topics.SIGNALS.name();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<TradeSignal> serde = new AvroSerde<>(registry, TradeSignal.class);

    @Test
    void roundTripsEveryRecordOfTheCatalogWithEveryFieldSet() {
        for (Topic<?> topic : Topics.ALL) {
            assertRoundTrip(topic);
        }
    }

    private <V extends SpecificRecord> void assertRoundTrip(Topic<V> topic) {
        V record = SampleRecords.filled(topic.valueType());
        AvroSerde<V> topicSerde = topic.valueSerde(registry);

        byte[] bytes = topicSerde.serializer().serialize(topic.name(), record);
        V back = topicSerde.deserializer().deserialize(topic.name(), bytes);

        // Generated equals() mis-compares arrays of records holding optional decimals (Avro compares
        // such arrays without the class's conversions), so equality is checked on content and bytes.
        assertThat(back.toString()).as(topic.name()).isEqualTo(record.toString());
        assertThat(topicSerde.serializer().serialize(topic.name(), back)).as(topic.name()).isEqualTo(bytes);
    }

    @Test
    void writesTheConfluentWireFormatWithTheRegisteredId() {
        TradeSignal signal = SampleRecords.signal().build();

        byte[] bytes = serde.serializer().serialize(TOPIC, signal);

        int registeredId = registry.register(SchemaRegistry.valueSubject(TOPIC), TradeSignal.getClassSchema());
        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(registeredId);
        assertThat(registry.subjects()).containsExactly("trading.signals.v1-value");
    }

    @Test
    void passesTombstonesThrough() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void refusesAnUnknownMagicByte() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.signal().build());
        bytes[0] = 1;

        assertUnreadable(bytes, Reason.UNKNOWN_MAGIC_BYTE);
        assertUnreadable(new byte[] {0, 0, 1}, Reason.UNKNOWN_MAGIC_BYTE);
        assertUnreadable("{\"json\":true}".getBytes(), Reason.UNKNOWN_MAGIC_BYTE);
    }

    @Test
    void refusesAnUnknownSchemaId() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.signal().build());
        bytes[4] = 99;

        assertUnreadable(bytes, Reason.UNKNOWN_SCHEMA_ID);
    }

    @Test
    void refusesBytesThatDoNotDecode() {
        byte[] bytes = serde.serializer().serialize(TOPIC, SampleRecords.signal().build());

        assertUnreadable(java.util.Arrays.copyOf(bytes, bytes.length / 2), Reason.UNDECODABLE);
        byte[] garbage = java.util.Arrays.copyOf(bytes, bytes.length);
        java.util.Arrays.fill(garbage, 5, garbage.length, (byte) 0xff);
        assertUnreadable(garbage, Reason.UNDECODABLE);
        assertUnreadable(java.util.Arrays.copyOf(bytes, bytes.length + 3), Reason.UNDECODABLE);
    }

    @Test
    void refusesARecordOfAnotherTypeRegisteredUnderTheSameTopic() {
        AvroSerde<ControlRecord> controlSerde = new AvroSerde<>(registry, ControlRecord.class);
        registry.setCompatibility(SchemaRegistry.valueSubject("mixed"), trading.safety.contract.registry.Compatibility.NONE);
        byte[] control = controlSerde.serializer().serialize("mixed", SampleRecords.filled(ControlRecord.class));

        assertThatThrownBy(() -> serde.deserializer().deserialize("mixed", control))
                .isInstanceOf(UnreadableRecordException.class);
    }

    @Test
    void readsRecordsWrittenWithAnOlderCompatibleSchema() throws Exception {
        Schema reader = TradeSignal.getClassSchema();
        Schema older = withoutField(reader, "tags");
        int olderId = registry.register("older", older);
        GenericRecord old = new GenericData.Record(older);
        TradeSignal current = SampleRecords.signal().build();
        for (Schema.Field field : older.getFields()) {
            old.put(field.name(), current.get(field.name()));
        }

        TradeSignal read = serde.deserializer().deserialize(TOPIC, wire(olderId, older, old));

        assertThat(read.getSignalId()).isEqualTo(current.getSignalId());
        assertThat(read.getQuantity()).isEqualByComparingTo(current.getQuantity());
        assertThat(read.getTags()).isEmpty();
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        TradeSignal signal = SampleRecords.signal().setSignalId("sig-" + thread + "-" + i)
                                .setQuantity(Decimals.of(i + 1)).build();
                        TradeSignal back = serde.deserializer().deserialize(TOPIC,
                                serde.serializer().serialize(TOPIC, signal));
                        if (!back.equals(signal)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> result : pool.invokeAll(work)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void makesADeadLetterThatNamesTheReasonAndTheSource() {
        byte[] bytes = {7, 7, 7};
        UnreadableRecordException error = catchUnreadable(bytes);

        var letter = DeadLetters.of(new DeadLetters.Source(TOPIC, 2, 41L, "ACC-1".getBytes(), bytes), error,
                "risk-stream", SampleRecords.T0);

        assertThat(letter.getSourceTopic()).isEqualTo(TOPIC);
        assertThat(letter.getPartition()).isEqualTo(2);
        assertThat(letter.getOffset()).isEqualTo(41L);
        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getError()).contains("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getValue()).isEqualTo(ByteBuffer.wrap(bytes));
        assertThat(letter.getEventId()).isEqualTo("dlq:" + TOPIC + "/2/41");
    }

    private void assertUnreadable(byte[] bytes, Reason reason) {
        assertThat(catchUnreadable(bytes).reason()).isEqualTo(reason);
    }

    private UnreadableRecordException catchUnreadable(byte[] bytes) {
        try {
            serde.deserializer().deserialize(TOPIC, bytes);
        } catch (UnreadableRecordException e) {
            return e;
        }
        throw new AssertionError("expected the bytes to be refused");
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.name().equals(dropped)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema copy = Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false);
        copy.setFields(fields);
        return copy;
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        new GenericDatumWriter<GenericRecord>(schema, model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

}
