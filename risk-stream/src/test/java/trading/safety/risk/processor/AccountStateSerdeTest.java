package trading.safety.risk.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trading.safety.risk.domain.AccountState;
import trading.safety.risk.domain.DrawdownStatus;
import trading.safety.risk.domain.HealthCheck;
import trading.safety.risk.domain.RecentActivity;
import trading.safety.v1.DrawdownState;

class AccountStateSerdeTest {

    private final AccountStateSerde serde = new AccountStateSerde();

    @Test
    void keepsEveryFieldExactlyIncludingDecimalScalesAndNulls() {
        Instant at = Instant.parse("2026-03-02T14:30:00.123Z");
        DrawdownStatus halted = new DrawdownStatus(DrawdownState.HALT, new BigDecimal("1000.00"),
                new BigDecimal("920.000000001"), new BigDecimal("0.08000000"), LocalDate.of(2026, 3, 17), null,
                new DrawdownStatus.CheckedOn(LocalDate.of(2026, 3, 2),
                        new HealthCheck.Result(false, List.of("RECONCILIATION: failed"))));
        AccountState state = new AccountState("ACC-1", at, LocalDate.of(2026, 3, 2), halted, new BigDecimal("1000"),
                new BigDecimal("-12.5"), new TreeMap<>(Map.of("AAPL", new AccountState.Position(new BigDecimal("-3"),
                        new BigDecimal("187.25"), new BigDecimal("190")))), at.minusSeconds(5), false,
                List.of(at.minusSeconds(60)), new TreeSet<>(Set.of("momentum", "pairs")), "cmd-1",
                new TreeMap<>(Map.of("circuit-breaker/system", "2026-03-02T14:31:00Z")), List.of("f1", "f2"),
                new RecentActivity(List.of(new RecentActivity.ApprovedOrder("momentum", at.minusMillis(40_001)),
                        new RecentActivity.ApprovedOrder("pairs", at.minusMillis(3)),
                        new RecentActivity.ApprovedOrder("momentum", at.minusMillis(3)),
                        new RecentActivity.ApprovedOrder("pairs", at.minusMillis(900)),
                        new RecentActivity.ApprovedOrder("momentum", at))), List.of("kill-switch unreadable"));

        AccountState back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

        assertThat(back).isEqualTo(state);
        assertThat(back.drawdown().equity().scale()).isEqualTo(9);
    }

    @Test
    void keepsANewAccountWithNothingKnown() {
        AccountState empty = AccountState.empty("ACC-2");

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", empty))).isEqualTo(empty);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void readsTheOlderFormatsSkippingTheSignalsTheyKeptInTheState(int version) throws IOException {
        Instant at = Instant.parse("2026-03-02T14:30:00.123Z");
        byte[] withoutActivity = serde.serializer().serialize("t", AccountState.empty("ACC-3"));
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        // Everything up to the recent activity is the same in every version; an empty state ends with three
        // zero counts (strategies, orders and alerted problems; in versions 1 and 2 signals, orders and
        // alerted problems).
        image.write(withoutActivity, 0, withoutActivity.length - 12);
        DataOutputStream tail = new DataOutputStream(image);
        tail.writeInt(1);
        if (version == 1) {
            tail.writeUTF("momentum|AAPL|BUY|10");
            tail.writeUTF("sig-1");
        } else {
            tail.writeLong(17L);
            tail.writeLong(42L);
        }
        tail.writeLong(at.toEpochMilli());
        tail.writeInt(1);
        tail.writeUTF("momentum");
        tail.writeLong(at.toEpochMilli());
        tail.writeInt(1);
        tail.writeUTF("kill-switch unreadable");
        byte[] older = image.toByteArray();
        older[0] = (byte) version;

        AccountState back = serde.deserializer().deserialize("t", older);

        assertThat(back.activity().orders()).containsExactly(new RecentActivity.ApprovedOrder("momentum", at));
        assertThat(back.alertedProblems()).containsExactly("kill-switch unreadable");
        assertThat(back.accountId()).isEqualTo("ACC-3");
    }

    @Test
    void refusesBytesOfAnotherFormatVersion() {
        byte[] bytes = serde.serializer().serialize("t", AccountState.empty("ACC-2"));
        bytes[0] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
    }
}
