package trading.safety.router.paper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a paper broker's books in a file across restarts, as a real broker keeps them: restores them at start
 * (the state file, then its journal), then journals every change before the broker answers the call that made
 * it, so a process killed outright forgets nothing it answered. Every {@code interval} it checks the journal's
 * size, and past {@link #CHECKPOINT_AT} saves the whole state and empties the journal; once more at close.
 *
 * <p>The journal is written without forcing it to disk: the operating system keeps what a killed process
 * wrote, a machine that loses power may not.
 */
public final class PaperBookKeeper implements PaperBroker.Journal, AutoCloseable {

    /** Journal size past which the whole state is saved and the journal emptied. */
    static final long CHECKPOINT_AT = 16L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(PaperBookKeeper.class);

    private final PaperBroker broker;
    private final Path file;
    private final FileChannel journal;
    private final ScheduledExecutorService checkpoints;

    private PaperBookKeeper(PaperBroker broker, Path file, Duration interval) throws IOException {
        this.broker = broker;
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.journal = FileChannel.open(PaperBroker.journalFile(file), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "paper-book-keeper");
            thread.setDaemon(true);
            return thread;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpointIfLarge, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Restores the broker from {@code file} and its journal if they exist, then keeps its books there. */
    public static PaperBookKeeper start(PaperBroker broker, Path file, Duration interval) throws IOException {
        if (broker.restoreFrom(file)) {
            log.info("paper broker {} restored from {}", broker.id(), file);
        }
        PaperBookKeeper keeper = new PaperBookKeeper(broker, file, interval);
        try {
            broker.journalTo(keeper);
            broker.checkpoint(file);
        } catch (IOException | RuntimeException e) {
            keeper.close();
            throw e;
        }
        return keeper;
    }

    @Override
    public void append(byte[] entry) throws IOException {
        ByteBuffer framed = ByteBuffer.allocate(Integer.BYTES + entry.length).putInt(entry.length).put(entry).flip();
        while (framed.hasRemaining()) {
            journal.write(framed);
        }
    }

    @Override
    public void reset() throws IOException {
        journal.truncate(0);
    }

    private void checkpointIfLarge() {
        try {
            if (journal.size() > CHECKPOINT_AT) {
                broker.checkpoint(file);
            }
        } catch (IOException | RuntimeException e) {
            log.error("paper broker {} could not save its books to {}: {}", broker.id(), file, e.toString());
        }
    }

    @Override
    public void close() {
        checkpoints.shutdownNow();
        try {
            broker.checkpoint(file);
        } catch (IOException | RuntimeException e) {
            log.error("paper broker {} could not save its books to {} at close: {}", broker.id(), file, e.toString());
        } finally {
            broker.journalTo(null);
            try {
                journal.close();
            } catch (IOException e) {
                log.warn("paper broker {}: closing its journal failed: {}", broker.id(), e.toString());
            }
        }
    }
}
