package trading.safety.embedded;

import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link EmbeddedKafka} as its own process, for harnesses and fault tests that need the broker
 * outside their JVM (to load it fairly, or to kill it). Arguments: data directory, client port,
 * controller port. Prints {@code READY <bootstrap servers>} once it accepts clients; stops on SIGTERM.
 */
public final class EmbeddedKafkaMain {

    public static final String READY = "READY ";

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: EmbeddedKafkaMain <data-dir> <port> <controller-port>");
            System.exit(2);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(Paths.get(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "embedded-kafka-stop"));
        System.out.println(READY + kafka.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
