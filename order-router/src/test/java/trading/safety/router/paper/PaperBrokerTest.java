package trading.safety.router.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

class PaperBrokerTest {

    private final PaperBroker broker = new PaperBroker("paper", PaperBroker.Settings.defaults(),
            Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC));

    @Test
    void fillsAMarketOrderAtTheLastPriceAndMovesCashAndPosition() throws Exception {
        broker.onPrice("AAPL", new BigDecimal("100"));

        SubmitResult result = broker.submit(market("o-1", Side.BUY, "10"));

        assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.ACCEPTED);
        ExecutionPage page = broker.executionsAfter(null, 10);
        assertThat(page.executions()).singleElement().satisfies(e -> {
            assertThat(e.quantity()).isEqualByComparingTo("10");
            assertThat(e.price()).isEqualByComparingTo("100");
            assertThat(e.fee()).isEqualByComparingTo("0.05");
            assertThat(e.leavesQuantity()).isZero();
        });
        BrokerAccount account = broker.account("ACC-1");
        assertThat(account.cash()).isEqualByComparingTo("98999.95");
        assertThat(account.equity()).isEqualByComparingTo("99999.95");
        assertThat(account.positions()).singleElement().extracting(BrokerAccount.Holding::quantity)
                .isEqualTo(new BigDecimal("10"));
        assertThat(broker.executionsAfter(page.nextCursor(), 10).executions()).isEmpty();
    }

    @Test
    void refusesASecondOrderWithTheSameClientOrderId() throws Exception {
        broker.onPrice("AAPL", new BigDecimal("100"));
        broker.submit(market("o-1", Side.BUY, "10"));

        SubmitResult again = broker.submit(market("o-1", Side.BUY, "10"));

        assertThat(again.outcome()).isEqualTo(SubmitResult.Outcome.DUPLICATE);
        assertThat(broker.allOrders()).hasSize(1);
        assertThat(broker.executionsAfter(null, 10).executions()).hasSize(1);
    }

    @Test
    void rejectsWithoutAPriceAndReduceOnlyOrdersThatWouldNotReduce() {
        assertThat(broker.submit(market("o-1", Side.BUY, "1")).reason()).contains("no market price");
        broker.onPrice("AAPL", new BigDecimal("100"));

        SubmitResult flatten = broker.submit(new OrderRequest("o-2", "ACC-1", "AAPL", Side.SELL, BigDecimal.ONE,
                OrderType.MARKET, null, TimeInForce.DAY, true));

        assertThat(flatten.outcome()).isEqualTo(SubmitResult.Outcome.REJECTED);
        assertThat(flatten.reason()).contains("reduce-only");
    }

    @Test
    void restsALimitOrderUntilThePriceReachesItAndCancelsWhatIsOpen() throws Exception {
        broker.onPrice("AAPL", new BigDecimal("100"));
        broker.submit(new OrderRequest("limit-1", "ACC-1", "AAPL", Side.BUY, BigDecimal.TEN, OrderType.LIMIT,
                new BigDecimal("95"), TimeInForce.DAY, false));
        broker.submit(new OrderRequest("limit-2", "ACC-1", "AAPL", Side.BUY, BigDecimal.TEN, OrderType.LIMIT,
                new BigDecimal("90"), TimeInForce.DAY, false));
        assertThat(broker.openOrders()).hasSize(2);

        broker.onPrice("AAPL", new BigDecimal("94"));

        assertThat(broker.findByClientOrderId("limit-1")).get().extracting(BrokerOrder::status)
                .isEqualTo(BrokerOrder.Status.FILLED);
        BrokerOrder open = broker.openOrders().get(0);
        assertThat(broker.cancel(open.brokerOrderId()).status()).isEqualTo(BrokerOrder.Status.CANCELLED);
        assertThat(broker.openOrders()).isEmpty();
    }

    @Test
    void fillsHalfNowAndTheRestAtTheNextPriceWhenToldToPartiallyFill() throws Exception {
        PaperBroker partial = new PaperBroker("paper", new PaperBroker.Settings(Duration.ZERO, 0, 1,
                BigDecimal.ZERO, new BigDecimal("1000"), 7), Clock.systemUTC());
        partial.onPrice("AAPL", new BigDecimal("10"));

        partial.submit(market("o-1", Side.SELL, "5"));
        partial.onPrice("AAPL", new BigDecimal("11"));

        assertThat(partial.executionsAfter(null, 10).executions())
                .extracting(e -> e.quantity().intValue(), e -> e.leavesQuantity().intValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 3), org.assertj.core.groups.Tuple.tuple(3, 0));
        assertThat(partial.account("ACC-1").positions()).singleElement()
                .extracting(BrokerAccount.Holding::quantity).isEqualTo(new BigDecimal("-5"));
    }

    @Test
    void keepsItsBooksAcrossARestartThroughItsStateFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("paper.state");
        broker.onPrice("AAPL", new BigDecimal("100"));
        broker.submit(market("o-1", Side.BUY, "10"));
        broker.submit(new OrderRequest("o-2", "ACC-1", "AAPL", Side.BUY, new BigDecimal("3"), OrderType.LIMIT,
                new BigDecimal("90"), TimeInForce.GTC, false));
        broker.adjustPosition("ACC-2", "MSFT", new BigDecimal("-4"), new BigDecimal("400"));
        String cursor = broker.executionsAfter(null, 10).nextCursor();
        broker.saveTo(file);

        PaperBroker restarted = new PaperBroker("paper", PaperBroker.Settings.defaults(),
                Clock.fixed(Instant.parse("2026-03-02T15:10:00Z"), ZoneOffset.UTC));
        assertThat(restarted.restoreFrom(file)).isTrue();

        assertThat(restarted.account("ACC-1")).isEqualTo(broker.account("ACC-1"));
        assertThat(restarted.account("ACC-2")).isEqualTo(broker.account("ACC-2"));
        assertThat(restarted.allOrders()).isEqualTo(broker.allOrders());
        assertThat(restarted.openOrders()).extracting(BrokerOrder::clientOrderId).containsExactly("o-2");
        assertThat(restarted.executionsAfter(null, 10).executions())
                .isEqualTo(broker.executionsAfter(null, 10).executions());
        assertThat(restarted.submit(market("o-1", Side.BUY, "10")).outcome()).as("client order ids are remembered")
                .isEqualTo(SubmitResult.Outcome.DUPLICATE);
        restarted.onPrice("AAPL", new BigDecimal("89"));
        assertThat(restarted.executionsAfter(cursor, 10).executions()).singleElement().satisfies(e -> {
            assertThat(e.clientOrderId()).isEqualTo("o-2");
            assertThat(e.executionId()).endsWith("-X2");
        });
        assertThat(restarted.submit(market("o-3", Side.SELL, "1")).order().brokerOrderId())
                .as("order numbers continue").endsWith("-3");
        assertThat(new PaperBroker("paper", PaperBroker.Settings.defaults(), Clock.fixed(
                Instant.parse("2026-03-02T15:20:00Z"), ZoneOffset.UTC)).restoreFrom(dir.resolve("none"))).isFalse();
    }

    @Test
    void aBrokerThatLostTheLastOfItsBooksReadsOnWithoutSkippingOrReusingAnId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("paper.state");
        PaperBroker first = new PaperBroker("paper", PaperBroker.Settings.defaults(),
                Clock.fixed(Instant.parse("2026-03-02T15:00:00Z"), ZoneOffset.UTC));
        first.onPrice("AAPL", new BigDecimal("100"));
        first.submit(market("o-1", Side.BUY, "1"));
        first.saveTo(file);
        first.submit(market("o-2", Side.BUY, "1")); // read by the router, then lost with the last second
        String cursor = first.executionsAfter(null, 10).nextCursor();

        PaperBroker restarted = new PaperBroker("paper", PaperBroker.Settings.defaults(),
                Clock.fixed(Instant.parse("2026-03-02T15:05:00Z"), ZoneOffset.UTC));
        restarted.restoreFrom(file);
        restarted.submit(market("o-3", Side.BUY, "1"));
        ExecutionPage page = restarted.executionsAfter(cursor, 10);

        assertThat(page.executions()).extracting(e -> e.clientOrderId()).containsExactly("o-3");
        assertThat(page.executions().get(0).executionId()).isNotEqualTo(
                first.executionsAfter(null, 10).executions().get(1).executionId());
        assertThat(restarted.executionsAfter("40", 10).executions()).as("an old plain cursor: from the restored")
                .extracting(e -> e.clientOrderId()).containsExactly("o-3");
        assertThat(restarted.executionsAfter(page.nextCursor(), 10).executions()).isEmpty();
        assertThatThrownBy(() -> restarted.executionsAfter("W|x", 10)).isInstanceOf(BrokerException.class);
    }

    private static OrderRequest market(String id, Side side, String quantity) {
        return new OrderRequest(id, "ACC-1", "AAPL", side, new BigDecimal(quantity), OrderType.MARKET, null,
                TimeInForce.DAY, false);
    }
}
