package trading.safety.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import trading.safety.contract.topic.TopicProvisioner;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.ApicurioDistribution;
import trading.safety.embedded.ApicurioRegistry;
import trading.safety.embedded.HttpReadiness;
import trading.safety.embedded.TestRegistry;

/**
 * The whole pipeline with every part its own OS process on free ports: the Kafka broker (its data directory
 * kept across its restarts), Apicurio Registry, the paper broker ({@code PaperBrokerServer} from this jar's
 * classpath, with a state file so its books survive its own restart) and the five services from their
 * executable jars, configured by the environment variables of README's Configuration table. Any part can be
 * killed outright and restarted on the same ports with the same state directories; each part's ports stay
 * fixed for the stack's life, so the others find it again.
 */
final class PipelineStack implements AutoCloseable {

    static final String ADMIN_TOKEN = "pipeline-admin-token-0123456789";
    static final String OPERATOR_TOKEN = "pipeline-operator-token-0123456789";
    static final String VIEWER_TOKEN = "pipeline-viewer-token-0123456789";
    private static final Duration SERVICE_START = Duration.ofMinutes(4);

    /** The parts, in the order they start. */
    enum Part {
        KAFKA("kafka"), REGISTRY("registry"), PAPER_BROKER("paper-broker"), SIGNAL_INGEST("signal-ingest"),
        RISK_STREAM("risk-stream"), ORDER_ROUTER("order-router"), RECON_STREAM("recon-stream"),
        OPS_CONSOLE("ops-console");

        final String id;

        Part(String id) {
            this.id = id;
        }

        boolean isService() {
            return ordinal() >= SIGNAL_INGEST.ordinal();
        }

        static Part of(String id) {
            return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no part " + id + "; parts: "
                            + Arrays.stream(values()).map(p -> p.id).toList()));
        }
    }

    /** A strategy's key, which fixes its strategy and account at signal-ingest. */
    record StrategyKey(String strategyId, String accountId, String key) {
    }

    /**
     * What the stack runs with.
     *
     * @param repository the source tree whose modules' {@code target/*-exec.jar} are started
     * @param accounts the paper broker's accounts (and the router's)
     * @param strategiesPerAccount strategies trading each account, each with its own key
     * @param serviceJvmOptions JVM options of each service (heap, GC)
     * @param arguments extra Spring arguments per service ({@code --name=value}), such as relaxed risk limits
     */
    record Settings(Path repository, List<String> accounts, int strategiesPerAccount, List<String> serviceJvmOptions,
            Map<Part, List<String>> arguments) {

        List<StrategyKey> strategyKeys() {
            List<StrategyKey> keys = new ArrayList<>();
            for (String account : accounts) {
                for (int s = 1; s <= strategiesPerAccount; s++) {
                    String strategy = "strat-" + s;
                    keys.add(new StrategyKey(strategy, account, "key-" + strategy + "-" + account + "-0123456789"));
                }
            }
            return keys;
        }
    }

    /** Resident and peak resident memory of a part's process, from {@code /proc/<pid>/status}, in KiB. */
    record Memory(long rssKib, long peakRssKib) {
    }

    private final Settings settings;
    private final Path work;
    private final Map<Part, Integer> ports = new EnumMap<>(Part.class);
    private final int kafkaControllerPort = TestRegistry.freePort();
    private final int registryManagementPort = TestRegistry.freePort();
    private final Map<Part, Process> processes = new EnumMap<>(Part.class);
    private final Map<Part, Integer> starts = new EnumMap<>(Part.class);
    private ApicurioRegistry registry;

    private PipelineStack(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
        for (Part part : Part.values()) {
            ports.put(part, TestRegistry.freePort());
        }
    }

    /**
     * Starts every part (the five services at once, once Kafka, the registry and the paper broker are up) and
     * says so. A harness stopped from outside (SIGTERM, Ctrl-C), even while the stack is still starting, stops
     * every part started so far.
     */
    static PipelineStack start(Settings settings, Path work) throws IOException {
        long started = System.nanoTime();
        PipelineStack stack = new PipelineStack(settings, work);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-stack"));
        try {
            Files.createDirectories(work.resolve("logs"));
            CompletableFuture<Void> registry = CompletableFuture.runAsync(() -> stack.startQuietly(Part.REGISTRY));
            stack.start(Part.KAFKA);
            // The services start at once: the topics exist before any of them checks them.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
                new TopicProvisioner(admin, (short) 1, 1, Duration.ofSeconds(60)).provision(Topics.ALL);
            }
            stack.start(Part.PAPER_BROKER);
            registry.join();
            List<CompletableFuture<Void>> services = new ArrayList<>();
            for (Part part : Part.values()) {
                if (part.isService()) {
                    services.add(CompletableFuture.runAsync(() -> stack.startQuietly(part)));
                }
            }
            services.forEach(CompletableFuture::join);
            System.out.printf("stack up in %d s: %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                    stack.pids());
            return stack;
        } catch (RuntimeException | IOException e) {
            stack.close();
            throw e;
        }
    }

    private void startQuietly(Part part) {
        try {
            start(part);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts a part (again) on its ports and returns once it is ready: READY line, ready line or health 200. */
    void start(Part part) throws IOException {
        int incarnation = starts.merge(part, 1, Integer::sum);
        Path log = work.resolve("logs").resolve(part.id + "-" + incarnation + ".log");
        switch (part) {
            case KAFKA -> processes.put(part, ChildProcesses.kafka(work.resolve("kafka-data"), port(part),
                    kafkaControllerPort, log));
            case REGISTRY -> registry = ApicurioRegistry.start(ApicurioDistribution.unpack(ApicurioDistribution.archive(),
                    Paths.get(System.getProperty("java.io.tmpdir"), "trading-safety-apicurio-"
                            + ApicurioDistribution.version())), port(part), registryManagementPort, null, log,
                    Duration.ofSeconds(120));
            case PAPER_BROKER -> processes.put(part, ChildProcesses.mainClass(
                    "trading.safety.router.paper.PaperBrokerServer", List.of("-Xmx1g"),
                    List.of("--port=" + port(part), "--accounts=" + String.join(",", settings.accounts()),
                            "--state-file=" + work.resolve("paper-broker.state")),
                    "paper broker listening on ", log));
            default -> {
                Path jar = settings.repository().resolve(part.id).resolve("target")
                        .resolve(part.id + "-0.1.0-SNAPSHOT-exec.jar");
                List<String> args = new ArrayList<>(List.of("--logging.level.root=WARN",
                        "--spring.main.banner-mode=off"));
                args.addAll(settings.arguments().getOrDefault(part, List.of()));
                Process process = ChildProcesses.jar(jar, settings.serviceJvmOptions(), environment(part), args, log);
                processes.put(part, process);
                HttpReadiness.await(process, URI.create(url(part) + "/actuator/health"), SERVICE_START, log.toString());
            }
        }
    }

    /** The environment variables of README's Configuration table that a service needs here. */
    private Map<String, String> environment(Part part) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap());
        env.put("SCHEMA_REGISTRY_URL", registryUrl());
        env.put("SERVER_PORT", Integer.toString(port(part)));
        switch (part) {
            case SIGNAL_INGEST -> {
                env.put("SAFETY_OPERATOR_TOKEN", OPERATOR_TOKEN);
                env.put("SAFETY_ADMIN_TOKEN", ADMIN_TOKEN);
                env.put("SAFETY_STRATEGY_KEYS", String.join(",", settings.strategyKeys().stream()
                        .map(k -> k.strategyId() + ":" + k.accountId() + ":" + k.key()).toList()));
            }
            case RISK_STREAM -> env.put("SAFETY_RISK_STATE_DIR", work.resolve("risk-stream-state").toString());
            case ORDER_ROUTER -> {
                env.put("SAFETY_PAPER_URL", paperUrl());
                env.put("SAFETY_PAPER_ACCOUNTS", String.join(",", settings.accounts()));
                env.put("SAFETY_ROUTER_INSTANCE", "order-router-1");
            }
            case RECON_STREAM -> env.put("SAFETY_RECON_STATE_DIR", work.resolve("recon-stream-state").toString());
            case OPS_CONSOLE -> {
                env.put("SAFETY_ADMIN_TOKEN", ADMIN_TOKEN);
                env.put("SAFETY_OPERATOR_TOKEN", OPERATOR_TOKEN);
                env.put("SAFETY_VIEWER_TOKEN", VIEWER_TOKEN);
            }
            default -> {
            }
        }
        return env;
    }

    /** Kills a part outright (SIGKILL), as a crash or {@code kill -9} would, and waits until it is gone. */
    void kill(Part part) throws InterruptedException {
        if (part == Part.REGISTRY) {
            registry.close(); // the registry launcher owns its process; it is never a fault kind here
            return;
        }
        Process process = processes.get(part);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(part.id + " (pid " + process.pid() + ") did not die within 30 s");
        }
    }

    int port(Part part) {
        return ports.get(part);
    }

    String url(Part part) {
        return "http://127.0.0.1:" + port(part);
    }

    String bootstrap() {
        return "127.0.0.1:" + port(Part.KAFKA);
    }

    String registryUrl() {
        return "http://127.0.0.1:" + port(Part.REGISTRY) + "/apis/ccompat/v7";
    }

    String paperUrl() {
        return url(Part.PAPER_BROKER);
    }

    List<StrategyKey> strategyKeys() {
        return settings.strategyKeys();
    }

    List<String> accounts() {
        return settings.accounts();
    }

    Path work() {
        return work;
    }

    long pid(Part part) {
        return part == Part.REGISTRY ? registry.pid() : processes.get(part).pid();
    }

    /** Every part's pid, for the reader of a run's output. */
    String pids() {
        StringBuilder out = new StringBuilder();
        for (Part part : Part.values()) {
            out.append(out.isEmpty() ? "" : ", ").append(part.id).append(' ').append(pid(part));
        }
        return out.toString();
    }

    /** A part's resident memory now and at its peak. */
    Memory memory(Part part) throws IOException {
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid(part)), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                peak = kib(line);
            }
        }
        return new Memory(rss, peak);
    }

    private static long kib(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    /** Stops the services first, then the paper broker, the registry and Kafka, each gracefully if it can. */
    @Override
    public void close() {
        Part[] parts = Part.values();
        for (int i = parts.length - 1; i >= 0; i--) {
            if (parts[i] == Part.REGISTRY) {
                if (registry != null) {
                    registry.close();
                }
            } else {
                ChildProcesses.stop(processes.get(parts[i]));
            }
        }
    }
}
