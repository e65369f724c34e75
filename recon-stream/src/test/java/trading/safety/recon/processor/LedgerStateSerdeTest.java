package trading.safety.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.AccountLedger;

class LedgerStateSerdeTest {

    private final LedgerStateSerde serde = new LedgerStateSerde();

    @Test
    void roundTripsEveryFigureExactly() {
        AccountLedger ledger = AccountLedger.empty().withBalances(new BigDecimal("100000.12345678"), Map.of())
                .apply(new AccountLedger.Trade("AAPL", true, new BigDecimal("3"), new BigDecimal("187.33333333"),
                        new BigDecimal("0.015")))
                .apply(new AccountLedger.Trade("TSLA", false, new BigDecimal("2"), new BigDecimal("250"),
                        BigDecimal.ZERO));
        LedgerState state = new LedgerState(ledger, true, 2, 1);

        LedgerState back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        assertThat(back).isEqualTo(state);
        assertThat(back.ledger().holdings().get("TSLA").quantity()).isEqualByComparingTo("-2");
    }

    @Test
    void refusesAFormatItDoesNotKnow() {
        byte[] bytes = serde.serializer().serialize("t", LedgerState.initial());
        bytes[0] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).hasMessageContaining("format 9");
    }
}
