package trading.safety.localstack;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The README's first command: starts the local stack under {@code ./.local-stack/} (or
 * {@code LOCAL_STACK_DIR}), prints where everything is and the credentials it generated, and stops
 * it all cleanly on Ctrl-C.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Paths.get(System.getenv().getOrDefault("LOCAL_STACK_DIR", ".local-stack")).toAbsolutePath();
        // Read by logback.xml; set before the first logger exists.
        System.setProperty("LOCAL_STACK_LOG_DIR", dataDir.resolve("logs").toString());
        Credentials credentials = Credentials.from(System.getenv(), new SecureRandom());
        long started = System.nanoTime();
        LocalStack stack;
        try {
            boolean demo = !"off".equalsIgnoreCase(System.getenv().getOrDefault("LOCAL_STACK_DEMO", "on"));
            stack = LocalStack.start(dataDir, LocalStack.Ports.defaults(), credentials,
                    demo ? LocalStack.Demo.defaults() : null);
        } catch (RuntimeException e) {
            System.err.println("The local stack could not start: " + e.getMessage());
            System.err.println("Logs are under " + dataDir.resolve("logs"));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local stack...");
            stack.close();
            System.out.println("Stopped. Data kept in " + dataDir);
        }, "local-stack-stop"));
        System.out.println(banner(stack, credentials, dataDir,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)));
    }

    static String banner(LocalStack stack, Credentials credentials, Path dataDir, long seconds) {
        LocalStack.Ports p = stack.ports();
        StringBuilder out = new StringBuilder();
        out.append("\nTrading-safety local stack is up (").append(seconds).append(" s). Data: ").append(dataDir)
                .append('\n')
                .append("  Ops console      http://127.0.0.1:").append(p.opsConsole()).append("/  (API under /api/v1)\n")
                .append("  Signal ingest    http://127.0.0.1:").append(p.signalIngest()).append("/api/v1/signals\n")
                .append("  Health           http://127.0.0.1:{").append(p.opsConsole()).append(',')
                .append(p.signalIngest()).append(',').append(p.riskStream()).append(',').append(p.orderRouter())
                .append(',').append(p.reconStream()).append("}/actuator/health\n")
                .append("  Kafka            ").append(stack.bootstrapServers()).append('\n')
                .append("  Schema registry  ").append(stack.registryUrl()).append('\n')
                .append("  Logs             ").append(dataDir.resolve("logs")).append('\n');
        stack.demo().ifPresent(demo -> out.append("  Demo strategies  ").append(demo.strategies())
                .append(" send signals and bars through signal-ingest (LOCAL_STACK_DEMO=off to stop them)\n"));
        if (!credentials.generated().isEmpty()) {
            out.append("Credentials generated for this run (set these variables to choose your own):\n");
            for (String name : credentials.generated()) {
                out.append("  ").append(name).append('=').append(credentials.get(name)).append('\n');
            }
        }
        out.append("Stop with Ctrl-C.\n");
        return out.toString();
    }
}
