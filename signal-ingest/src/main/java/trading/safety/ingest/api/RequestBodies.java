package trading.safety.ingest.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

/** Reads request bodies with a size cap, a content-type check and strict JSON parsing. */
final class RequestBodies {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // A NaN price is data for the quality gate, so the literal is read (and handled) rather than refused.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private RequestBodies() {
    }

    /** The request's media type; 415 when it is missing or unreadable. */
    static MediaType mediaType(HttpServletRequest request) {
        try {
            String contentType = request.getContentType();
            if (contentType == null) {
                throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type is required");
            }
            return MediaType.parseMediaType(contentType);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type is not a valid media type");
        }
    }

    static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || (type.getSubtype().endsWith("+json") && "application".equals(type.getType()));
    }

    /** Reads at most {@code limit} bytes; 413 beyond it, whatever the declared length says. */
    static byte[] read(HttpServletRequest request, DataSize limit) throws IOException {
        long max = limit.toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) max + 1);
            if (body.length > max) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    static JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the request body is empty");
        }
        try {
            return JSON.readTree(utf8(body));
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Decodes strictly: a malformed UTF-8 sequence anywhere is refused, never replaced. */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the body is not valid UTF-8");
        }
    }

    private static ApiException tooLarge(DataSize limit) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds " + limit.toKilobytes() + " KiB");
    }
}
