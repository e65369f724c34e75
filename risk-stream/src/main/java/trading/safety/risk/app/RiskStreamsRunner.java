package trading.safety.risk.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.config.RiskProperties;
import trading.safety.risk.domain.AccountRisk;
import trading.safety.risk.domain.DrawdownMachine;
import trading.safety.risk.domain.HealthCheck;
import trading.safety.risk.domain.PreTradeChecks;
import trading.safety.risk.domain.TradingCalendar;
import trading.safety.risk.processor.DeadLetterHandler;
import trading.safety.risk.processor.RiskMetrics;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ProvisionedContract;

/**
 * Owns risk-stream's {@link KafkaStreams}: builds the topology once the contract is provisioned, runs
 * it exactly-once, replaces a stream thread that dies, and reports the Streams state as health (DOWN
 * unless RUNNING or REBALANCING).
 */
@Component
public class RiskStreamsRunner implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(RiskStreamsRunner.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private volatile boolean running;

    public RiskStreamsRunner(PlatformProperties platform, RiskProperties risk, SchemaRegistry registry,
            MeterRegistry meters, Clock clock, ProvisionedContract contract) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, risk.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, risk.processingGuarantee());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) risk.commitInterval().toMillis());
        props.put(StreamsConfig.STATE_DIR_CONFIG, risk.stateDir());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, risk.streamThreads());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) risk.producerLinger().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, platform.kafka().replicationFactor());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SERIALIZER, Topics.DLQ.valueSerde(registry).serializer());
        props.put(DeadLetterHandler.SERVICE, platform.serviceName());
        Counter deadLettered = Counter.builder("dlq.records").description("Records sent to the dead-letter topic")
                .register(meters);
        props.put(DeadLetterHandler.COUNTER, (Runnable) deadLettered::increment);
        Topology topology = RiskTopology.build(settings(risk, new MicrometerRiskMetrics(meters, clock)),
                registry);
        this.streams = new KafkaStreams(topology, props);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("a risk-stream thread died; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("risk-stream state {} -> {}", before, now));
    }

    /** The topology's decision makers, from configuration. */
    public static RiskTopology.Settings settings(RiskProperties risk, RiskMetrics metrics) {
        TradingCalendar calendar = risk.calendar().toCalendar();
        DrawdownMachine machine = new DrawdownMachine(risk.drawdown(), calendar,
                new HealthCheck(risk.dataQuality().maxAge()));
        AccountRisk accounts = new AccountRisk(machine, new PreTradeChecks(), calendar, risk.limits(),
                risk.dataQuality().maxAge());
        return new RiskTopology.Settings(risk.dataQuality(), accounts, risk.replayWindow(), metrics, true);
    }

    @Override
    public void start() {
        streams.start();
        running = true;
    }

    @Override
    public void stop() {
        streams.close(Duration.ofSeconds(30));
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
}
