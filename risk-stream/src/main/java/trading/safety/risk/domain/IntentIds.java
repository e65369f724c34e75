package trading.safety.risk.domain;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Order intent ids, derived from the signal id alone (a name-based UUID), so a signal replayed, re-decided
 * after a crash or re-run in an audit always names the same intent, and a broker that enforces unique
 * client order ids refuses a second order for it.
 */
public final class IntentIds {

    private IntentIds() {
    }

    /** The same id as {@code UUID.nameUUIDFromBytes("intent:" + signalId)} (a version 3 UUID). */
    public static String forSignal(String signalId) {
        byte[] hash = Digests.md5("intent:" + signalId);
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }
}
