package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IntentIdsTest {

    @Test
    void isTheNameBasedUuidOfTheSignalIdAndNothingElse() {
        for (String signalId : new String[] {"sig-1", "sig-2", "", "ünïcode-ßignal", "x".repeat(300)}) {
            assertThat(IntentIds.forSignal(signalId)).isEqualTo(
                    UUID.nameUUIDFromBytes(("intent:" + signalId).getBytes(StandardCharsets.UTF_8)).toString());
        }
        assertThat(IntentIds.forSignal("sig-1")).isEqualTo(IntentIds.forSignal("sig-1"))
                .isNotEqualTo(IntentIds.forSignal("sig-2"));
    }
}
