package trading.safety.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
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
        LedgerState state = new LedgerState(ledger, true, 2, 1, "cmd-7", new LedgerState.DayStart(
                LocalDate.parse("2026-11-20"), new BigDecimal("100012.5"), new BigDecimal("100010.00000001"),
                new BigDecimal("0.015")), "snap-9");

        LedgerState back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        assertThat(back).isEqualTo(state);
        assertThat(back.ledger().holdings().get("TSLA").quantity()).isEqualByComparingTo("-2");
    }

    @Test
    void keepsNoSyncAndNoDayStartAsNone() {
        LedgerState state = LedgerState.initial();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
    }

    @Test
    void readsTheFirstFormat() {
        // version 1: cash, fees, realized, opened, fills, failure run, then one holding
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("250.5");
            out.writeUTF("1");
            out.writeUTF("-3");
            out.writeBoolean(true);
            out.writeLong(4);
            out.writeInt(1);
            out.writeInt(1);
            out.writeUTF("MSFT");
            out.writeUTF("10");
            out.writeUTF("410.25");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        LedgerState back = serde.deserializer().deserialize("t", bytes.toByteArray());

        assertThat(back.ledger().cash()).isEqualByComparingTo("250.5");
        assertThat(back.ledger().quantity("MSFT")).isEqualByComparingTo("10");
        assertThat(back.fills()).isEqualTo(4);
        assertThat(back.consecutiveFailures()).isEqualTo(1);
        assertThat(back.lastSync()).isNull();
        assertThat(back.dayStart()).isNull();
    }

    @Test
    void refusesAFormatItDoesNotKnow() {
        byte[] bytes = serde.serializer().serialize("t", LedgerState.initial());
        bytes[0] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).hasMessageContaining("format 9");
    }
}
