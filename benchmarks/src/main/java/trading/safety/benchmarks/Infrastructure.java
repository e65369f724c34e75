package trading.safety.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import trading.safety.embedded.ApicurioDistribution;
import trading.safety.embedded.ApicurioRegistry;
import trading.safety.embedded.TestRegistry;

/** A harness's broker and registry, each its own process, with their logs under {@code work}. */
final class Infrastructure implements AutoCloseable {

    private final Process kafka;
    private final int kafkaPort;
    private final ApicurioRegistry registry;

    private Infrastructure(Process kafka, int kafkaPort, ApicurioRegistry registry) {
        this.kafka = kafka;
        this.kafkaPort = kafkaPort;
        this.registry = registry;
    }

    static Infrastructure start(Path work) throws IOException {
        int kafkaPort = TestRegistry.freePort();
        Process kafka = ChildProcesses.kafka(work.resolve("kafka"), kafkaPort, TestRegistry.freePort(),
                work.resolve("kafka.log"));
        try {
            ApicurioRegistry registry = ApicurioRegistry.start(ApicurioDistribution.unpack(
                    ApicurioDistribution.archive(), Paths.get(System.getProperty("java.io.tmpdir"),
                            "trading-safety-apicurio-" + ApicurioDistribution.version())),
                    TestRegistry.freePort(), TestRegistry.freePort(), null, work.resolve("registry.log"),
                    Duration.ofSeconds(90));
            return new Infrastructure(kafka, kafkaPort, registry);
        } catch (IOException | RuntimeException e) {
            ChildProcesses.stop(kafka);
            throw e;
        }
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    String registryUrl() {
        return registry.confluentApiUrl();
    }

    String pids() {
        return "broker pid " + kafka.pid() + ", registry pid " + registry.pid();
    }

    /** Stops the registry alone, to measure what still works without it. */
    void stopRegistry() {
        registry.close();
    }

    /** Stops the broker alone, to measure how a service answers without it. */
    void stopKafka() {
        ChildProcesses.stop(kafka);
    }

    @Override
    public void close() {
        registry.close();
        ChildProcesses.stop(kafka);
    }
}
