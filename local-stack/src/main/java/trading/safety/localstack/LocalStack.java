package trading.safety.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import trading.safety.console.app.OpsConsoleApplication;
import trading.safety.embedded.ApicurioDistribution;
import trading.safety.embedded.ApicurioRegistry;
import trading.safety.embedded.EmbeddedKafka;
import trading.safety.ingest.app.SignalIngestApplication;
import trading.safety.localstack.demo.DemoStrategy;
import trading.safety.recon.app.ReconStreamApplication;
import trading.safety.risk.app.RiskStreamApplication;
import trading.safety.router.app.OrderRouterApplication;

/**
 * The whole system on one machine without Docker: a KRaft broker in this JVM, Apicurio Registry as
 * a child process, and the five services as Spring applications in this JVM, each on its own
 * port. Everything it keeps lives under the data directory, so a restart finds its topics,
 * records and schema ids again. Closing stops services first, then the registry, then Kafka.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** Where everything listens; the defaults are DESIGN section 7's ports. */
    public record Ports(int kafka, int kafkaController, int registry, int registryManagement, int opsConsole,
            int signalIngest, int riskStream, int orderRouter, int reconStream) {

        public static Ports defaults() {
            return new Ports(9092, 9093, 8085, 9085, 8080, 8081, 8082, 8083, 8084);
        }

        List<Integer> all() {
            return List.of(kafka, kafkaController, registry, registryManagement, opsConsole, signalIngest,
                    riskStream, orderRouter, reconStream);
        }
    }

    private final Ports ports;
    private final EmbeddedKafka kafka;
    private final ApicurioRegistry registry;
    private final Map<String, ConfigurableApplicationContext> services;
    private DemoStrategy demo;

    private LocalStack(Ports ports, EmbeddedKafka kafka, ApicurioRegistry registry,
            Map<String, ConfigurableApplicationContext> services) {
        this.ports = ports;
        this.kafka = kafka;
        this.registry = registry;
        this.services = services;
    }

    /** How often the demo strategies send a signal, and how often a minute bar per symbol arrives. */
    public record Demo(Duration signalInterval, Duration barInterval) {

        public static Demo defaults() {
            return new Demo(Duration.ofSeconds(2), Duration.ofSeconds(5));
        }
    }

    /**
     * Starts everything, or stops what it started and throws.
     *
     * @param demo the demo strategies' pace, or {@code null} for none
     */
    public static LocalStack start(Path dataDir, Ports ports, Credentials credentials, Demo demo)
            throws IOException {
        return start(dataDir, ports, credentials, demo, Map.of());
    }

    /**
     * Starts everything with some services' settings changed, or stops what it started and throws.
     *
     * @param settings per service name ({@link #serviceNames()}), Spring properties that replace the stack's
     *     own and the service's defaults (a second broker, dry run, a test calendar, other thresholds)
     */
    public static LocalStack start(Path dataDir, Ports ports, Credentials credentials, Demo demo,
            Map<String, Map<String, Object>> settings) throws IOException {
        requireFree(ports);
        List<String> unknown = settings.keySet().stream()
                .filter(name -> specs(dataDir, ports, credentials).stream().noneMatch(s -> s.name().equals(name)))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("settings for services the stack does not run: " + unknown);
        }
        EmbeddedKafka kafka = null;
        ApicurioRegistry registry = null;
        Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();
        try {
            // The registry is a separate process that does not need Kafka: start both at once.
            CompletableFuture<ApicurioRegistry> registryStarting = CompletableFuture.supplyAsync(() -> {
                try {
                    Path runner = ApicurioDistribution.unpack(ApicurioDistribution.archive(),
                            dataDir.resolve("registry").resolve("dist"));
                    return ApicurioRegistry.start(runner, ports.registry(), ports.registryManagement(),
                            dataDir.resolve("registry").resolve("db"), dataDir.resolve("logs").resolve("registry.log"),
                            Duration.ofSeconds(90));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), ports.kafka(), ports.kafkaController());
                log.info("Kafka (KRaft) is up at {}", kafka.bootstrapServers());
            } finally {
                registry = awaitRegistry(registryStarting);
            }
            log.info("Apicurio Registry is up at {}", registry.confluentApiUrl());
            for (ServiceSpec spec : specs(dataDir, ports, credentials)) {
                Map<String, Object> properties = new LinkedHashMap<>(spec.properties());
                properties.put("safety.kafka.bootstrap-servers", kafka.bootstrapServers());
                properties.put("safety.registry.url", registry.confluentApiUrl());
                properties.put("spring.main.banner-mode", "off");
                properties.put("spring.main.log-startup-info", "false");
                properties.putAll(settings.getOrDefault(spec.name(), Map.of()));
                // As command-line arguments, these outrank each service's own configuration file.
                String[] args = properties.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                services.put(spec.name(), spec.application().get().registerShutdownHook(false).run(args));
                log.info("{} is up on port {}", spec.name(), spec.port());
            }
            LocalStack stack = new LocalStack(ports, kafka, registry, services);
            if (demo != null) {
                stack.startDemo(dataDir, credentials, demo);
            }
            return stack;
        } catch (IOException | RuntimeException e) {
            new LocalStack(ports, kafka, registry, services).close();
            throw e;
        }
    }

    private static ApicurioRegistry awaitRegistry(CompletableFuture<ApicurioRegistry> starting) throws IOException {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private record ServiceSpec(String name, int port, Supplier<SpringApplicationBuilder> application,
            Map<String, Object> properties) {
    }

    private static List<ServiceSpec> specs(Path dataDir, Ports ports, Credentials credentials) {
        return List.of(
                new ServiceSpec("signal-ingest", ports.signalIngest(), SignalIngestApplication::application,
                        Map.of("server.port", ports.signalIngest(),
                                "safety.ingest.strategy-keys", credentials.get(Credentials.STRATEGY_KEYS),
                                "safety.ingest.operator-token", credentials.get(Credentials.OPERATOR),
                                "safety.ingest.admin-token", credentials.get(Credentials.ADMIN))),
                new ServiceSpec("risk-stream", ports.riskStream(), RiskStreamApplication::application,
                        Map.of("server.port", ports.riskStream(),
                                "safety.risk.state-dir", dataDir.resolve("risk-stream-state").toString())),
                new ServiceSpec("order-router", ports.orderRouter(), OrderRouterApplication::application,
                        Map.of("server.port", ports.orderRouter(),
                                "safety.router.paper.state-file", dataDir.resolve("paper-broker.state").toString())),
                new ServiceSpec("recon-stream", ports.reconStream(), ReconStreamApplication::application,
                        Map.of("server.port", ports.reconStream(),
                                "safety.recon.state-dir", dataDir.resolve("recon-stream-state").toString())),
                new ServiceSpec("ops-console", ports.opsConsole(), OpsConsoleApplication::application,
                        Map.of("server.port", ports.opsConsole(),
                                "safety.console.tokens.admin", credentials.get(Credentials.ADMIN),
                                "safety.console.tokens.operator", credentials.get(Credentials.OPERATOR),
                                "safety.console.tokens.viewer", credentials.get(Credentials.VIEWER))));
    }

    private void startDemo(Path dataDir, Credentials credentials, Demo pace) {
        demo = new DemoStrategy("http://127.0.0.1:" + ports.signalIngest(), credentials.get(Credentials.OPERATOR),
                credentials.get(Credentials.STRATEGY_KEYS), Clock.systemUTC());
        try {
            int bars = demo.start(dataDir.resolve("demo").resolve("history-loaded-on"), pace.signalInterval(),
                    pace.barInterval());
            log.info("demo strategies {} publishing through signal-ingest; {} history bars backfilled",
                    demo.strategies(), bars);
        } catch (Exception e) {
            throw new IllegalStateException("the demo strategy could not start: " + e.getMessage(), e);
        }
    }

    /** The running demo, if one was asked for. */
    public java.util.Optional<DemoStrategy> demo() {
        return java.util.Optional.ofNullable(demo);
    }

    private static void requireFree(Ports ports) {
        List<Integer> busy = new ArrayList<>();
        for (int port : ports.all()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                busy.add(port);
            }
        }
        if (!busy.isEmpty()) {
            throw new IllegalStateException("ports already in use on 127.0.0.1: " + busy
                    + " (is another local stack running?)");
        }
    }

    public Ports ports() {
        return ports;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.confluentApiUrl();
    }

    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    @Override
    public void close() {
        try {
            if (demo != null) {
                demo.close();
            }
            List<String> names = new ArrayList<>(services.keySet());
            for (int i = names.size() - 1; i >= 0; i--) {
                try {
                    services.get(names.get(i)).close();
                } catch (RuntimeException | LinkageError e) {
                    // A LinkageError: at JVM shutdown the executable jar's loader can fail to load a class
                    // nobody needed before (even the logger's); report it without the logger and go on.
                    System.err.println(names.get(i) + " did not stop cleanly: " + e);
                }
            }
        } finally {
            // The registry is a child process: it must not outlive the stack, whatever happened above.
            try {
                if (registry != null) {
                    registry.close();
                }
            } finally {
                if (kafka != null) {
                    kafka.close();
                }
            }
        }
    }
}
