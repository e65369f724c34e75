package trading.safety.service.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.service.PlatformProperties;

/**
 * Owns a Kafka Streams service's {@link KafkaStreams}: runs its topology, replaces a stream thread that
 * dies, dead-letters records that can never be read, binds the Streams metrics, and reports the Streams
 * state as health (DOWN unless RUNNING or REBALANCING). A service subclasses it as a Spring component.
 */
public abstract class StreamsRunner implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    /** What every Streams service sets the same way. */
    public record Basics(String applicationId, String processingGuarantee, Duration commitInterval, String stateDir,
            int streamThreads) {
    }

    private final String name;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private volatile boolean running;

    protected StreamsRunner(String name, Topology topology, Properties props, MeterRegistry meters) {
        this.name = name;
        this.streams = new KafkaStreams(topology, props);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("a {} thread died; replacing it", name, e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("{} state {} -> {}", name, before, now));
    }

    /** The properties every Streams service shares, dead-letter handling included; a service adds its own. */
    public static Properties properties(PlatformProperties platform, Basics basics, SchemaRegistry registry,
            MeterRegistry meters) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, basics.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, basics.processingGuarantee());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) basics.commitInterval().toMillis());
        props.put(StreamsConfig.STATE_DIR_CONFIG, basics.stateDir());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, basics.streamThreads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, platform.kafka().replicationFactor());
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId(basics.applicationId(), hostName(),
                Path.of(basics.stateDir())));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SERIALIZER, Topics.DLQ.valueSerde(registry).serializer());
        props.put(DeadLetterHandler.SERVICE, platform.serviceName());
        Counter deadLettered = Counter.builder("dlq.records").description("Records sent to the dead-letter topic")
                .register(meters);
        props.put(DeadLetterHandler.COUNTER, (Runnable) deadLettered::increment);
        return props;
    }

    /**
     * The instance's static group membership id (Kafka Streams appends each stream thread's index): one that
     * restarts after a crash gets its tasks back at once instead of waiting for its dead predecessor's
     * session to time out. It must be the same across restarts of an instance and differ between instances:
     * an instance is its host and its state directory (no two instances can run on one state directory).
     */
    static String instanceId(String applicationId, String host, Path stateDir) {
        String where = host + ":" + stateDir.toAbsolutePath().normalize();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            return applicationId + "-" + host + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void start() {
        streams.start();
        running = true;
    }

    @Override
    public void stop() {
        // A static member that stops on purpose leaves the group, so its tasks move at once.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        KafkaStreams.State state = streams.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up() : Health.down();
        return health.withDetail("streams", state.name()).build();
    }

    @Override
    public String toString() {
        return name;
    }
}
