package trading.safety.ingest.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates mutations of a valid signal body, each of which must be refused: every generator breaks
 * a rule by construction (never a random flip that could land on another valid body).
 */
final class MalformedBodies {

    /** One malformed body and what was done to it, for the failure message. */
    record Mutation(String description, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("signalId", "symbol", "side", "quantity", "orderType",
            "limitPrice", "timeInForce", "referencePrice", "createdAt");
    private static final List<String> DECIMALS = List.of("quantity", "limitPrice", "referencePrice");
    private static final List<String> HUGE = List.of("1e400", "-1e400", "123456789012345678901234567890",
            "0.000000000000000000001", "NaN", "Infinity", "-Infinity", "0", "-0.5");
    private static final List<String> BAD_UNICODE = List.of("\\ud800", "\\udfff", "\\u0000", "\\u202e", "\\u0007");
    private static final byte[][] BAD_UTF8 = {{(byte) 0xc3, 0x28}, {(byte) 0xff}, {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf0, (byte) 0x28, (byte) 0x8c, (byte) 0x28}, {(byte) 0xc0, (byte) 0xaf}};

    private final Random random;
    private final ObjectNode valid;

    MalformedBodies(long seed, ObjectNode valid) {
        this.random = new Random(seed);
        this.valid = valid;
    }

    List<Mutation> generate(int count) {
        List<Function<Integer, Mutation>> generators = List.of(this::missingField, this::wrongType,
                this::hugeNumber, this::badEscapes, this::badUtf8, this::oversize, this::truncated,
                this::unknownField, this::duplicateKey, this::wrongEnumCase, this::otherIdentity, this::notAnObject);
        List<Mutation> mutations = new ArrayList<>(count);
        for (int i = 0; mutations.size() < count; i++) {
            mutations.add(generators.get(i % generators.size()).apply(i));
        }
        return mutations;
    }

    private Mutation missingField(int i) {
        ObjectNode body = valid.deepCopy();
        String field = pick(REQUIRED);
        body.remove(field);
        return of("missing " + field, body);
    }

    private Mutation wrongType(int i) {
        ObjectNode body = valid.deepCopy();
        String field = pick(REQUIRED);
        switch (random.nextInt(4)) {
            case 0 -> body.put(field, true);
            case 1 -> body.putArray(field).add(1);
            case 2 -> body.putObject(field).put("x", 1);
            default -> {
                if (DECIMALS.contains(field)) {
                    body.put(field, "not-a-number-" + random.nextInt(1000));
                } else {
                    body.put(field, field.equals("createdAt") ? "yesterday" : "x y " + random.nextInt(1000));
                }
            }
        }
        return of("wrong type for " + field, body);
    }

    private Mutation hugeNumber(int i) {
        String field = pick(DECIMALS);
        String value = pick(HUGE);
        String text = valid.toString().replaceFirst("\"" + field + "\":[^,}]+",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + value));
        return new Mutation("number " + value + " for " + field, text.getBytes(StandardCharsets.UTF_8));
    }

    private Mutation badEscapes(int i) {
        String field = pick(List.of("signalId", "symbol", "side", "orderType", "timeInForce"));
        String escape = pick(BAD_UNICODE);
        String text = valid.toString().replace("\"" + field + "\":\"", "\"" + field + "\":\"" + escape);
        return new Mutation("escape " + escape + " in " + field, text.getBytes(StandardCharsets.UTF_8));
    }

    private Mutation badUtf8(int i) {
        byte[] body = valid.toString().getBytes(StandardCharsets.UTF_8);
        int at = 1 + random.nextInt(body.length - 2);
        byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.write(bad, 0, bad.length);
        out.write(body, at, body.length - at);
        return new Mutation("invalid UTF-8 at byte " + at, out.toByteArray());
    }

    private Mutation oversize(int i) {
        ObjectNode body = valid.deepCopy();
        body.putObject("tags").put("padding", "p".repeat(65 * 1024 + random.nextInt(64 * 1024)));
        return of("oversize body", body);
    }

    private Mutation truncated(int i) {
        byte[] body = valid.toString().getBytes(StandardCharsets.UTF_8);
        int length = random.nextInt(body.length - 1);
        byte[] cut = new byte[length];
        System.arraycopy(body, 0, cut, 0, length);
        return new Mutation("truncated to " + length + " bytes", cut);
    }

    private Mutation unknownField(int i) {
        ObjectNode body = valid.deepCopy();
        String name = "field" + random.nextInt(100_000);
        body.put(name, random.nextInt());
        return of("unknown field " + name, body);
    }

    private Mutation duplicateKey(int i) {
        String field = pick(REQUIRED);
        String text = valid.toString();
        text = text.substring(0, text.length() - 1) + ",\"" + field + "\":" + valid.get(field) + "}";
        return new Mutation("duplicate " + field, text.getBytes(StandardCharsets.UTF_8));
    }

    private Mutation wrongEnumCase(int i) {
        ObjectNode body = valid.deepCopy();
        String field = pick(List.of("side", "orderType", "timeInForce"));
        body.put(field, pick(List.of("", "buy", "Sell", "limit", "day", "FOK", "UNKNOWN", " BUY")));
        return of("bad enum for " + field, body);
    }

    private Mutation otherIdentity(int i) {
        ObjectNode body = valid.deepCopy();
        body.put(random.nextBoolean() ? "accountId" : "strategyId", "other-" + random.nextInt(1000));
        return of("other identity", body);
    }

    private Mutation notAnObject(int i) {
        String text = pick(List.of("[]", "null", "42", "\"signal\"", "[" + valid + "]", "true"));
        return new Mutation("not an object: " + text.substring(0, Math.min(10, text.length())),
                text.getBytes(StandardCharsets.UTF_8));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Mutation of(String description, ObjectNode body) {
        try {
            return new Mutation(description, JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
