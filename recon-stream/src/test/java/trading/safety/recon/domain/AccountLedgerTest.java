package trading.safety.recon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.AccountLedger.Trade;

class AccountLedgerTest {

    @Test
    void aBuyOpensAPositionAndPaysNotionalAndFee() {
        AccountLedger ledger = AccountLedger.empty().apply(buy("AAPL", "10", "150", "0.05"));

        assertThat(ledger.quantity("AAPL")).isEqualByComparingTo("10");
        assertThat(ledger.holdings().get("AAPL").averagePrice()).isEqualByComparingTo("150");
        assertThat(ledger.cash()).isEqualByComparingTo("-1500.05");
        assertThat(ledger.fees()).isEqualByComparingTo("0.05");
        assertThat(ledger.realizedPnl()).isZero();
    }

    @Test
    void addingToAPositionAveragesItsPrice() {
        AccountLedger ledger = AccountLedger.empty().apply(buy("AAPL", "10", "100", "0"))
                .apply(buy("AAPL", "30", "110", "0"));

        assertThat(ledger.quantity("AAPL")).isEqualByComparingTo("40");
        assertThat(ledger.holdings().get("AAPL").averagePrice()).isEqualByComparingTo("107.5");
    }

    @Test
    void anAverageThatDoesNotDivideEvenlyIsRoundedHalfEvenToEightPlaces() {
        AccountLedger ledger = AccountLedger.empty().apply(buy("AAPL", "1", "1", "0"))
                .apply(buy("AAPL", "2", "1.00000001", "0"));

        // (1 + 2.00000002) / 3 = 1.0000000066...
        assertThat(ledger.holdings().get("AAPL").averagePrice()).isEqualByComparingTo("1.00000001");
    }

    @Test
    void aPartialSaleRealizesAgainstTheAveragePriceAndKeepsIt() {
        AccountLedger ledger = AccountLedger.empty().apply(buy("AAPL", "10", "100", "0.10"))
                .apply(sell("AAPL", "4", "110", "0.04"));

        assertThat(ledger.quantity("AAPL")).isEqualByComparingTo("6");
        assertThat(ledger.holdings().get("AAPL").averagePrice()).isEqualByComparingTo("100");
        assertThat(ledger.realizedPnl()).isEqualByComparingTo("40");
        assertThat(ledger.netRealizedPnl()).isEqualByComparingTo("39.86");
        assertThat(ledger.cash()).isEqualByComparingTo("-560.14"); // -1000 - 0.10 + 440 - 0.04
    }

    @Test
    void partialFillsOfOneOrderAddUpToTheWholeFill() {
        AccountLedger parts = AccountLedger.empty().apply(buy("MSFT", "3", "400", "0.015"))
                .apply(buy("MSFT", "7", "400", "0.035"));
        AccountLedger whole = AccountLedger.empty().apply(buy("MSFT", "10", "400", "0.05"));

        assertThat(parts).isEqualTo(whole);
    }

    @Test
    void closingAPositionRemovesItAndRealizesTheWholeMove() {
        AccountLedger ledger = AccountLedger.empty().apply(buy("AAPL", "10", "100", "0"))
                .apply(sell("AAPL", "10", "95", "0"));

        assertThat(ledger.holdings()).isEmpty();
        assertThat(ledger.quantity("AAPL")).isZero();
        assertThat(ledger.realizedPnl()).isEqualByComparingTo("-50");
        assertThat(ledger.cash()).isEqualByComparingTo("-50");
    }

    @Test
    void aSaleBeyondTheLongPositionFlipsItShortAtTheFillPrice() {
        AccountLedger ledger = AccountLedger.empty().apply(buy("TSLA", "5", "200", "0"))
                .apply(sell("TSLA", "8", "210", "0"));

        assertThat(ledger.quantity("TSLA")).isEqualByComparingTo("-3");
        assertThat(ledger.holdings().get("TSLA").averagePrice()).isEqualByComparingTo("210");
        assertThat(ledger.realizedPnl()).isEqualByComparingTo("50");
    }

    @Test
    void aShortGainsWhenBoughtBackLower() {
        AccountLedger ledger = AccountLedger.empty().apply(sell("TSLA", "4", "200", "0"))
                .apply(sell("TSLA", "4", "210", "0"))
                .apply(buy("TSLA", "6", "190", "0"));

        assertThat(ledger.quantity("TSLA")).isEqualByComparingTo("-2");
        assertThat(ledger.holdings().get("TSLA").averagePrice()).isEqualByComparingTo("205");
        assertThat(ledger.realizedPnl()).isEqualByComparingTo("90"); // (205 - 190) x 6
        assertThat(ledger.cash()).isEqualByComparingTo("500"); // 800 + 840 - 1140
    }

    @Test
    void aBuyBeyondTheShortFlipsItLong() {
        AccountLedger ledger = AccountLedger.empty().apply(sell("TSLA", "2", "200", "0"))
                .apply(buy("TSLA", "5", "190", "0"));

        assertThat(ledger.quantity("TSLA")).isEqualByComparingTo("3");
        assertThat(ledger.holdings().get("TSLA").averagePrice()).isEqualByComparingTo("190");
        assertThat(ledger.realizedPnl()).isEqualByComparingTo("20");
    }

    @Test
    void balancesCanBeSetWithoutTouchingFeesOrRealizedPnl() {
        AccountLedger ledger = AccountLedger.empty().apply(buy("AAPL", "10", "100", "1"))
                .withBalances(new BigDecimal("100000"), Map.of("AAPL", new AccountLedger.Holding(
                        new BigDecimal("12"), new BigDecimal("99")), "MSFT", new AccountLedger.Holding(
                        BigDecimal.ZERO, BigDecimal.ONE)));

        assertThat(ledger.cash()).isEqualByComparingTo("100000");
        assertThat(ledger.holdings()).containsOnlyKeys("AAPL");
        assertThat(ledger.fees()).isEqualByComparingTo("1");
    }

    @Test
    void refusesAFillThatCannotBeATrade() {
        assertThatThrownBy(() -> buy("AAPL", "0", "100", "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> buy("AAPL", "1", "100", "-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fee");
    }

    static Trade buy(String symbol, String quantity, String price, String fee) {
        return new Trade(symbol, true, new BigDecimal(quantity), new BigDecimal(price), new BigDecimal(fee));
    }

    static Trade sell(String symbol, String quantity, String price, String fee) {
        return new Trade(symbol, false, new BigDecimal(quantity), new BigDecimal(price), new BigDecimal(fee));
    }
}
