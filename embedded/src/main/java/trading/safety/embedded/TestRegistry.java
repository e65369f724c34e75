package trading.safety.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * One in-memory Apicurio Registry shared by every test in a JVM: started on first use on free
 * ports, stopped when the JVM exits. Each test must use its own subjects (or tolerate others').
 */
public final class TestRegistry {

    private static ApicurioRegistry registry;

    private TestRegistry() {
    }

    /** The Confluent API root of the shared registry, starting it if needed. */
    public static synchronized String confluentApiUrl() {
        if (registry == null) {
            Path work = Paths.get(System.getProperty("java.io.tmpdir"),
                    "trading-safety-apicurio-" + ApicurioDistribution.version());
            Path runner = ApicurioDistribution.unpack(ApicurioDistribution.archive(), work);
            try {
                registry = ApicurioRegistry.start(runner, freePort(), freePort(), null,
                        Paths.get("target", "apicurio-test.log"), Duration.ofSeconds(90));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start Apicurio Registry for tests", e);
            }
            ApicurioRegistry started = registry;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "apicurio-test-stop"));
        }
        return registry.confluentApiUrl();
    }

    /** A port free at the time of the call. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
