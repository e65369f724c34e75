package trading.safety.router.app;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The broker execution cursors of one intents partition, kept in the metadata of that partition's committed
 * offset: committed in the same transaction as the fills they cover, so a crash can neither lose a fill
 * (cursor ahead of what was published) nor publish one twice (cursor behind it). Format
 * {@code c1;broker=cursor;...}, values URL-encoded.
 */
final class CursorMetadata {

    private static final String VERSION = "c1";

    private CursorMetadata() {
    }

    static String write(Map<String, String> cursors) {
        StringJoiner text = new StringJoiner(";");
        text.add(VERSION);
        new TreeMap<>(cursors).forEach((broker, cursor) -> text.add(encode(broker) + "=" + encode(cursor)));
        return text.toString();
    }

    /** The cursors in committed metadata; none for empty or foreign metadata (start from the beginning). */
    static Map<String, String> read(String metadata) {
        Map<String, String> cursors = new TreeMap<>();
        if (metadata == null || !metadata.startsWith(VERSION)) {
            return cursors;
        }
        String[] parts = metadata.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                cursors.put(decode(parts[i].substring(0, eq)), decode(parts[i].substring(eq + 1)));
            }
        }
        return cursors;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
