package trading.safety.router.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/** A paper broker killed outright (its keeper never closed) forgets nothing it answered. */
class PaperBookKeeperTest {

    @TempDir
    Path dir;

    @Test
    void theJournalWrittenSinceTheLastSaveIsReplayedAndACutShortLastEntryIgnored() throws Exception {
        Path file = dir.resolve("paper.state");
        Path copy = dir.resolve("killed.state");
        PaperBroker first = broker("2026-03-02T15:00:00Z");
        try (PaperBookKeeper keeper = PaperBookKeeper.start(first, file, Duration.ofHours(1))) {
            first.onPrice("AAPL", new BigDecimal("100"));
            first.submit(market("o-1", Side.BUY, "10"));
            first.submit(limit("o-2", "90"));
            first.submit(limit("o-3", "80"));
            first.cancel(first.findByClientOrderId("o-3").orElseThrow().brokerOrderId());
            first.onPrice("AAPL", new BigDecimal("89"));
            first.adjustPosition("ACC-2", "MSFT", new BigDecimal("-4"), new BigDecimal("400"));
            first.submit(market("o-1", Side.BUY, "10"));
            // What a kill leaves: the state file of the start and the journal since, the last entry cut short.
            Files.copy(file, copy);
            Files.copy(PaperBroker.journalFile(file), PaperBroker.journalFile(copy));
            Files.write(PaperBroker.journalFile(copy), ByteBuffer.allocate(8).putInt(500).putInt(7).array(),
                    StandardOpenOption.APPEND);

            PaperBroker restarted = broker("2026-03-02T15:05:00Z");
            assertThat(restarted.restoreFrom(copy)).isTrue();

            assertThat(restarted.allOrders()).isEqualTo(first.allOrders());
            assertThat(restarted.openOrders()).isEmpty();
            assertThat(restarted.account("ACC-1")).isEqualTo(first.account("ACC-1"));
            assertThat(restarted.account("ACC-2")).isEqualTo(first.account("ACC-2"));
            assertThat(restarted.executionsAfter(null, 10).executions())
                    .isEqualTo(first.executionsAfter(null, 10).executions()).hasSize(2);
            assertThat(restarted.duplicateSubmissions()).isEqualTo(1);
            assertThat(restarted.price("AAPL")).contains(new BigDecimal("89"));
            assertThat(restarted.submit(market("o-2", Side.BUY, "1")).outcome()).isEqualTo(SubmitResult.Outcome.DUPLICATE);
        }
    }

    @Test
    void aSaveNewerThanTheJournalIsNotRolledBackByIt() throws Exception {
        Path file = dir.resolve("paper.state");
        PaperBroker first = broker("2026-03-02T15:00:00Z");
        try (PaperBookKeeper keeper = PaperBookKeeper.start(first, file, Duration.ofHours(1))) {
            first.onPrice("AAPL", new BigDecimal("100"));
            first.submit(limit("o-2", "90"));
            byte[] journalBeforeCancel = Files.readAllBytes(PaperBroker.journalFile(file));
            first.cancel(first.findByClientOrderId("o-2").orElseThrow().brokerOrderId());
            // Killed between saving the state and emptying the journal: an older journal beside a newer state.
            first.saveTo(file);
            Files.write(PaperBroker.journalFile(file), journalBeforeCancel);

            PaperBroker restarted = broker("2026-03-02T15:05:00Z");
            restarted.restoreFrom(file);
            assertThat(restarted.openOrders()).as("the cancel in the state is kept").isEmpty();
            assertThat(restarted.allOrders()).isEqualTo(first.allOrders());
        }
    }

    private static PaperBroker broker(String now) {
        PaperBroker broker = new PaperBroker("paper", PaperBroker.Settings.defaults(),
                Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
        broker.openAccount("ACC-1");
        return broker;
    }

    private static OrderRequest market(String id, Side side, String quantity) {
        return new OrderRequest(id, "ACC-1", "AAPL", side, new BigDecimal(quantity), OrderType.MARKET, null,
                TimeInForce.DAY, false);
    }

    private static OrderRequest limit(String id, String price) {
        return new OrderRequest(id, "ACC-1", "AAPL", Side.BUY, BigDecimal.ONE, OrderType.LIMIT, new BigDecimal(price),
                TimeInForce.GTC, false);
    }
}
