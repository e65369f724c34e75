package trading.safety.recon.app;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.recon.config.ReconProperties;
import trading.safety.recon.domain.ExecutionKillRules;
import trading.safety.recon.domain.Reconciler;
import trading.safety.recon.domain.StrategyBreaker;
import trading.safety.recon.domain.StrategyHealth;
import trading.safety.recon.topology.ReconTopology;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ProvisionedContract;
import trading.safety.service.streams.StreamsRunner;

/** recon-stream's Kafka Streams, exactly-once: the ledger, its reconciliation and the automatic kill rules. */
@Component
public class ReconStreamsRunner extends StreamsRunner {

    public ReconStreamsRunner(PlatformProperties platform, ReconProperties recon, SchemaRegistry registry,
            MeterRegistry meters, ProvisionedContract contract) {
        super("recon-stream", ReconTopology.build(new ReconTopology.Settings(new Reconciler(recon.maxDiffRatio(),
                recon.failAfter()), new ExecutionKillRules(recon.rules().settings()),
                new StrategyBreaker(recon.rules().breaker()),
                new StrategyHealth(recon.health().settings()), recon.fillMemory(), recon.health().intentMemory(),
                new MicrometerReconMetrics(meters), true), registry),
                StreamsRunner.properties(platform, new StreamsRunner.Basics(recon.applicationId(),
                        recon.processingGuarantee(), recon.commitInterval(), recon.stateDir(), recon.streamThreads()),
                        registry, meters), meters);
    }
}
