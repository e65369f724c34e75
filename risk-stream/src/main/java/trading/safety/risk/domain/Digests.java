package trading.safety.risk.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5 digests of text, one {@link MessageDigest} per thread: looking the algorithm up per call costs more than hashing. */
final class Digests {

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    });

    private Digests() {
    }

    static byte[] md5(String text) {
        return MD5.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The first 64 bits of the text's MD5: two different texts collide with a chance of about 2^-64. */
    static long md5Prefix(String text) {
        return ByteBuffer.wrap(md5(text)).getLong();
    }
}
