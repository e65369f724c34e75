package trading.safety.contract.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.v1.TradeSignal;

/** A record written through one service's serde and registry client is read by another's, over a real broker. */
@EmbeddedKafka(count = 1, topics = "trading.signals.v1", partitions = 1, brokerProperties = {
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class SerdeInteropIT {

    @Test
    void aSignalWrittenByOneServiceIsReadByAnother(EmbeddedKafkaBroker broker) throws Exception {
        var writerRegistry = new ConfluentRegistryClient(TestRegistry.confluentApiUrl(), Duration.ofSeconds(10));
        var readerRegistry = new ConfluentRegistryClient(TestRegistry.confluentApiUrl(), Duration.ofSeconds(10));
        TradeSignal signal = SampleRecords.signal().setSignalId("interop-1").build();

        RecordMetadata written;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Topics.SIGNALS.keySerde().serializer(), Topics.SIGNALS.valueSerde(writerRegistry).serializer())) {
            written = producer.send(new ProducerRecord<>(Topics.SIGNALS.name(), signal.getAccountId(), signal)).get();
        }

        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "interop-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Topics.SIGNALS.keySerde().deserializer(), Topics.SIGNALS.valueSerde(readerRegistry).deserializer())) {
            consumer.subscribe(List.of(Topics.SIGNALS.name()));
            ConsumerRecord<String, TradeSignal> read = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, TradeSignal> r : consumer.poll(Duration.ofMillis(500))) {
                    read = r;
                }
            }

            assertThat(read).as("record read within 30 s").isNotNull();
            assertThat(read.offset()).isEqualTo(written.offset());
            assertThat(read.key()).isEqualTo("ACC-1");
            assertThat(read.value()).isEqualTo(signal);
        }
    }
}
