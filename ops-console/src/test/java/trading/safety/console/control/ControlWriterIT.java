package trading.safety.console.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import trading.safety.contract.control.ControlAudit;
import trading.safety.contract.control.ControlOrigin;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.ControlRecord;

/**
 * The control writer on a real broker: a command's control record and audit event are committed together and
 * readable read_committed once {@code write} returns; with the broker gone, {@code write} gives up within its
 * timeout instead of hanging, so the console can answer within a second.
 */
class ControlWriterIT {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static EmbeddedKafkaKraftBroker broker;
    private static ControlWriter writer;
    private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.CONTROL.name(), Topics.AUDIT.name());
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1", "offsets.topic.replication.factor", "1"));
        broker.afterPropertiesSet();
        writer = new ControlWriter(broker.getBrokersAsString(), "control-writer-test", REGISTRY, TIMEOUT);
    }

    @AfterAll
    static void stop() {
        writer.close();
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void commitsTheRecordAndItsAuditTogetherThenGivesUpWithinItsTimeoutWhenKafkaIsGone() {
        ControlRecord record = ControlRecord.newBuilder().setEventId("control:cmd-1").setCausationId(null)
                .setKey("kill-switch").setActive(true).setMode("HALT_ONLY").setReason("test").setOperator("operator")
                .setOrigin(ControlOrigin.MANUAL).setCommandId("cmd-1").setAt(Instant.parse("2026-11-22T15:00:00Z"))
                .setParams(Map.of()).build();
        AuditEvent audit = ControlAudit.of(record, null);

        writer.write(List.of(new ControlWriter.Write<>(Topics.CONTROL, record.getKey(), record),
                new ControlWriter.Write<>(Topics.AUDIT, record.getKey(), audit)));

        assertThat(committedKeys(Topics.CONTROL.name())).containsExactly("kill-switch");
        assertThat(committedKeys(Topics.AUDIT.name())).containsExactly("kill-switch");

        broker.destroy();
        long start = System.nanoTime();
        assertThatThrownBy(() -> writer.write(List.of(new ControlWriter.Write<>(Topics.CONTROL, record.getKey(),
                record)))).isInstanceOf(ControlWriter.WriteFailedException.class);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).as("the caller waits about the write timeout, not the producer's own bounds")
                .isLessThan(Duration.ofSeconds(1));
        broker = null;
    }

    /** The keys of every committed record on the topic (it has one partition). */
    private static List<String> committedKeys(String topic) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(record.key());
                }
            }
        }
        return keys;
    }
}
