package trading.safety.router.broker;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * An execution cursor made of one position per account ({@code account=position&...}, both URL-encoded), for
 * brokers whose execution feeds are read account by account. Sorted by account, so equal positions give equal
 * cursors.
 */
public final class AccountCursors {

    private AccountCursors() {
    }

    /** The positions in a cursor; one that cannot be read is a {@link BrokerException} of that broker. */
    public static Map<String, String> parse(String brokerId, String cursor) throws BrokerException {
        Map<String, String> positions = new TreeMap<>();
        if (cursor != null && !cursor.isEmpty()) {
            for (String pair : cursor.split("&")) {
                int eq = pair.indexOf('=');
                try {
                    if (eq < 1) {
                        throw new IllegalArgumentException("no account=position pair");
                    }
                    positions.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new BrokerException(brokerId + " execution cursor cannot be read (" + e.getMessage()
                            + "): " + cursor, false, e);
                }
            }
        }
        return positions;
    }

    public static String format(Map<String, String> positions) {
        StringJoiner cursor = new StringJoiner("&");
        new TreeMap<>(positions).forEach((account, position) -> cursor.add(JsonHttp.encode(account) + "="
                + JsonHttp.encode(position)));
        return cursor.toString();
    }
}
