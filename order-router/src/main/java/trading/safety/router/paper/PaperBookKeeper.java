package trading.safety.router.paper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a paper broker's books in a file across restarts, as a real broker keeps them: restores them at
 * start, saves them every {@code interval} when they changed, and once more at close (after the router has
 * stopped, so the last fills are in it). A process killed outright loses at most the last interval; the
 * reconciliation then reports what the broker forgot.
 */
public final class PaperBookKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PaperBookKeeper.class);

    private final PaperBroker broker;
    private final Path file;
    private final ScheduledExecutorService saver;
    private long saved = -1;

    private PaperBookKeeper(PaperBroker broker, Path file, Duration interval) {
        this.broker = broker;
        this.file = file;
        this.saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "paper-book-keeper");
            thread.setDaemon(true);
            return thread;
        });
        saver.scheduleWithFixedDelay(this::saveIfChanged, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Restores the broker from {@code file} if it exists, then keeps saving it there. */
    public static PaperBookKeeper start(PaperBroker broker, Path file, Duration interval) throws IOException {
        if (broker.restoreFrom(file)) {
            log.info("paper broker {} restored from {}", broker.id(), file);
        }
        return new PaperBookKeeper(broker, file, interval);
    }

    private synchronized void saveIfChanged() {
        long changes = broker.changes();
        if (changes == saved) {
            return;
        }
        try {
            broker.saveTo(file);
            saved = changes;
        } catch (IOException | RuntimeException e) {
            log.error("paper broker {} could not save its books to {}: {}", broker.id(), file, e.toString());
        }
    }

    @Override
    public void close() {
        saver.shutdownNow();
        saveIfChanged();
    }
}
