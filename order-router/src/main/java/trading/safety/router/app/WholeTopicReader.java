package trading.safety.router.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of one topic from its beginning, read committed, on its own daemon thread, without a
 * consumer group: for state every instance needs whole (the control table, the paper broker's prices).
 */
abstract class WholeTopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Thread thread;
    private volatile boolean running = true;

    WholeTopicReader(String bootstrapServers, String clientId, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.thread = new Thread(this::run, clientId);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Called with the end offsets found at start, before the first poll. */
    void started(Map<TopicPartition, Long> endOffsets) {
    }

    abstract void onRecord(ConsumerRecord<String, byte[]> record);

    /** Called after every poll, on the reader's thread. */
    void polled(ConsumerRecords<String, byte[]> batch, KafkaConsumer<String, byte[]> consumer) {
    }

    /** Called when the reader stops because of an error (not when it is closed). */
    void failed(RuntimeException error) {
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            started(consumer.endOffsets(partitions));
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : batch) {
                    onRecord(record);
                }
                polled(batch, consumer);
            }
        } catch (WakeupException closing) {
            // close() woke the poll
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
