package trading.safety.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.serde.AvroSerde;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.TradeSignal;

/**
 * The contract serde on its hot path: a TradeSignal to Confluent-wire-format bytes and back, on one
 * thread, after the schema id is cached (as it is for every record but a service's first). Run
 * with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SerdeBenchmark {

    private AvroSerde<TradeSignal> serde;
    private TradeSignal signal;
    private byte[] bytes;
    private String topic;
    private SpecificDatumWriter<TradeSignal> rawWriter;
    private SpecificDatumReader<TradeSignal> rawReader;
    private final ByteArrayOutputStream rawOut = new ByteArrayOutputStream(256);
    private BinaryEncoder rawEncoder;
    private BinaryDecoder rawDecoder;

    @Setup
    public void setUp() {
        serde = Topics.SIGNALS.valueSerde(new InMemorySchemaRegistry());
        topic = Topics.SIGNALS.name();
        signal = SampleRecords.signal().build();
        bytes = serde.serializer().serialize(topic, signal);
        SpecificData model = SpecificData.getForClass(TradeSignal.class);
        rawWriter = new SpecificDatumWriter<>(TradeSignal.getClassSchema(), model);
        rawReader = new SpecificDatumReader<>(TradeSignal.getClassSchema(), TradeSignal.getClassSchema(), model);
    }

    /** The floor: plain Avro binary with the same generated class, no wire-format header, no id lookup. */
    @Benchmark
    public TradeSignal rawAvroRoundTrip() throws IOException {
        rawOut.reset();
        rawEncoder = EncoderFactory.get().directBinaryEncoder(rawOut, rawEncoder);
        rawWriter.write(signal, rawEncoder);
        rawDecoder = DecoderFactory.get().binaryDecoder(rawOut.toByteArray(), rawDecoder);
        return rawReader.read(null, rawDecoder);
    }

    @Benchmark
    public TradeSignal roundTrip() {
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, signal));
    }

    @Benchmark
    public byte[] serialize() {
        return serde.serializer().serialize(topic, signal);
    }

    @Benchmark
    public TradeSignal deserialize() {
        return serde.deserializer().deserialize(topic, bytes);
    }
}
