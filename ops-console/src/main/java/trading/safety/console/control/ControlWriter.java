package trading.safety.console.control;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;

/**
 * Writes the console's records in Kafka transactions: a control record and its audit event are committed
 * together or not at all, and a call returns only once Kafka acknowledged the commit. A call never waits
 * longer than the write timeout. After a failed or timed-out commit the producer is replaced; the new one's
 * initialisation under the same transactional id aborts whatever the old one left open, so a refused
 * command leaves nothing half-written.
 */
public final class ControlWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlWriter.class);

    /** One record to write. */
    public record Write<V extends SpecificRecord>(Topic<V> topic, String key, V value) {
    }

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Map<String, Object> config;
    private final SchemaRegistry registry;
    private final Duration timeout;
    private final ExecutorService thread;
    /** Used on {@link #thread} only (and at construction and close, when nothing else runs). */
    private KafkaProducer<String, byte[]> producer;

    public ControlWriter(String bootstrapServers, String serviceName, SchemaRegistry registry, Duration timeout) {
        int timeoutMs = (int) timeout.toMillis();
        this.registry = registry;
        this.timeout = timeout;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread writer = new Thread(runnable, serviceName + "-control-writer");
            writer.setDaemon(true);
            return writer;
        });
        this.config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, serviceName + "-control-writer",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, serviceName + "-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        this.producer = newProducer(STARTUP);
    }

    /**
     * Writes every record in one transaction and returns once it is committed, or throws once the write
     * timeout has passed, whatever Kafka does: writes are queued to the writer's own thread in order, and
     * the caller waits for its own only until the deadline. A write still queued at its deadline is dropped,
     * and one whose deadline passed before its commit began is aborted. A commit that began in time may still
     * complete after the caller was told it failed (the broker's coordinator finishes what it received), so
     * a failure means "not known to be written", never "not written".
     *
     * @throws WriteFailedException when Kafka did not acknowledge in time or refused
     */
    public void write(List<Write<?>> writes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProducerRecord<String, byte[]>> records;
        try {
            records = writes.stream().map(this::serialize).toList();
        } catch (RuntimeException e) {
            throw new WriteFailedException("the records could not be serialized: " + e.getMessage(), e);
        }
        Future<?> commit;
        try {
            commit = thread.submit(() -> commit(records, deadline));
        } catch (RejectedExecutionException e) {
            throw new WriteFailedException("the writer is closed", e);
        }
        try {
            commit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new WriteFailedException("Kafka did not acknowledge the write within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new WriteFailedException("Kafka did not acknowledge the write: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteFailedException("interrupted while waiting for Kafka", e);
        }
    }

    /** On the writer thread: one transaction, abandoned if its deadline passes before the commit. */
    private void commit(List<ProducerRecord<String, byte[]>> records, long deadline) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the write waited past its deadline behind earlier ones; not sent");
        }
        boolean aborted = false;
        try {
            if (producer == null) {
                producer = newProducer(Duration.ZERO);
            }
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record);
            }
            if (System.nanoTime() > deadline) {
                producer.abortTransaction();
                aborted = true;
                throw new IllegalStateException("the deadline passed before the commit; aborted");
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            if (!aborted) {
                // The producer's state is unknown: the next write starts a new one, whose initialisation aborts
                // what this one left open (a commit the coordinator had already begun completes).
                log.warn("a control write was not acknowledged ({}); replacing the producer", e.toString());
                discard();
            }
            throw e;
        }
    }

    private <V extends SpecificRecord> ProducerRecord<String, byte[]> serialize(Write<V> write) {
        byte[] value = write.topic().valueSerde(registry).serializer().serialize(write.topic().name(), write.value());
        return new ProducerRecord<>(write.topic().name(), write.key(), value);
    }

    /**
     * A producer with its transactions initialised. Initialisation waits up to the write timeout per attempt
     * and is retried until {@code patience} has passed: at startup Kafka may still be creating its
     * transaction log.
     */
    private KafkaProducer<String, byte[]> newProducer(Duration patience) {
        KafkaProducer<String, byte[]> fresh = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer());
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                fresh.initTransactions();
                return fresh;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    fresh.close(Duration.ZERO);
                    throw e;
                }
            } catch (RuntimeException e) {
                fresh.close(Duration.ZERO);
                throw e;
            }
        }
    }

    private void discard() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** Kafka did not acknowledge a write in time. */
    public static final class WriteFailedException extends RuntimeException {
        public WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
