package trading.safety.risk.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.stereotype.Component;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.risk.config.RiskProperties;
import trading.safety.risk.domain.AccountRisk;
import trading.safety.risk.domain.DrawdownMachine;
import trading.safety.risk.domain.HealthCheck;
import trading.safety.risk.domain.PreTradeChecks;
import trading.safety.risk.domain.TradingCalendar;
import trading.safety.risk.processor.RiskMetrics;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ProvisionedContract;
import trading.safety.service.streams.StreamsRunner;

/** risk-stream's Kafka Streams, exactly-once, with the topology built from configuration. */
@Component
public class RiskStreamsRunner extends StreamsRunner {

    public RiskStreamsRunner(PlatformProperties platform, RiskProperties risk, SchemaRegistry registry,
            MeterRegistry meters, Clock clock, ProvisionedContract contract) {
        super("risk-stream", RiskTopology.build(settings(risk, new MicrometerRiskMetrics(meters, clock)), registry),
                properties(platform, risk, registry, meters), meters);
    }

    private static Properties properties(PlatformProperties platform, RiskProperties risk, SchemaRegistry registry,
            MeterRegistry meters) {
        Properties props = StreamsRunner.properties(platform, new StreamsRunner.Basics(risk.applicationId(),
                risk.processingGuarantee(), risk.commitInterval(), risk.stateDir(), risk.streamThreads()), registry,
                meters);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) risk.producerLinger().toMillis());
        return props;
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
}
