package trading.safety.risk.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Order intent ids, derived from the signal id alone (a name-based UUID), so a signal replayed, re-decided
 * after a crash or re-run in an audit always names the same intent, and a broker that enforces unique
 * client order ids refuses a second order for it.
 */
public final class IntentIds {

    private IntentIds() {
    }

    public static String forSignal(String signalId) {
        return UUID.nameUUIDFromBytes(("intent:" + signalId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
