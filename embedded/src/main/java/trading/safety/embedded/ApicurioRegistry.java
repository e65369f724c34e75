package trading.safety.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry running as a child process, bound to 127.0.0.1, serving the
 * Confluent Schema Registry API. With a data directory it keeps schemas in an H2 file there
 * (so schema ids written into Kafka stay valid across restarts); without one it keeps them in
 * memory.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private final Process process;
    private final int port;

    private ApicurioRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the registry and waits until it answers.
     *
     * @param runnerJar from {@link ApicurioDistribution#unpack}
     * @param dataDir where to keep schemas, or {@code null} for memory only
     * @param logFile where the registry's output goes
     */
    public static ApicurioRegistry start(Path runnerJar, int port, int managementPort, Path dataDir, Path logFile,
            Duration startupTimeout) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.level=WARN"));
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"));
        }
        command.addAll(List.of("-jar", runnerJar.toAbsolutePath().toString()));
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .directory(runnerJar.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        ApicurioRegistry registry = new ApicurioRegistry(process, port);
        try {
            HttpReadiness.await(process, URI.create(registry.confluentApiUrl() + "/subjects"), startupTimeout,
                    logFile.toString());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** Root of the Confluent-compatible API, for example {@code http://127.0.0.1:8085/apis/ccompat/v7}. */
    public String confluentApiUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
