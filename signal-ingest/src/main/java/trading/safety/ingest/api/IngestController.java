package trading.safety.ingest.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import trading.safety.contract.topic.Topics;
import trading.safety.ingest.auth.Authenticator;
import trading.safety.ingest.config.IngestProperties.StrategyKey;
import trading.safety.ingest.config.IngestProperties;
import trading.safety.ingest.domain.BarParser;
import trading.safety.ingest.domain.ForbiddenIdentityException;
import trading.safety.ingest.domain.InvalidRequestException;
import trading.safety.ingest.domain.SignalParser;
import trading.safety.ingest.kafka.KafkaPublisher.Keyed;
import trading.safety.ingest.kafka.KafkaPublisher;
import trading.safety.ingest.kafka.PublishFailedException;
import trading.safety.v1.MarketBar;
import trading.safety.v1.TradeSignal;

/**
 * The strategies' and operators' front door. {@code POST /api/v1/signals}: a strategy's signal becomes a
 * record on {@code trading.signals.v1}. {@code POST /api/v1/market-data/bars}: one bar, a JSON array of
 * bars, or a CSV file of history ({@code Content-Type: text/csv}, header
 * {@code symbol,barTime,open,high,low,close,volume}), for operators, onto {@code trading.market-data.v1}.
 * A 202 comes only after Kafka acknowledged every record; any refusal writes nothing, and all bars of a
 * request are validated before any is written. A client may safely resend a signalId after a 503: the
 * pipeline absorbs replays of one signalId.
 */
@RestController
public class IngestController {

    private final Authenticator authenticator;
    private final SignalParser signalParser;
    private final BarParser barParser;
    private final KafkaPublisher publisher;
    private final IngestProperties properties;
    private final IngestMetrics metrics;
    private final Clock clock;

    public IngestController(Authenticator authenticator, SignalParser signalParser, BarParser barParser,
            KafkaPublisher publisher, IngestProperties properties, IngestMetrics metrics, Clock clock) {
        this.authenticator = authenticator;
        this.signalParser = signalParser;
        this.barParser = barParser;
        this.publisher = publisher;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @PostMapping("/api/v1/signals")
    public ResponseEntity<Map<String, Object>> acceptSignal(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) throws IOException {
        long start = System.nanoTime();
        long deadline = start + publisher.timeout().toNanos();
        StrategyKey caller = authenticator.strategy(authorization).orElse(null);
        String strategy = caller == null ? "unknown" : caller.strategyId();
        try {
            if (caller == null) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED, "a strategy key is required: Authorization: Bearer <key>");
            }
            if (!RequestBodies.isJson(RequestBodies.mediaType(request))) {
                throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "signals must be application/json");
            }
            TradeSignal signal = parseSignal(RequestBodies.json(RequestBodies.read(request, properties.maxSignalBody())),
                    caller);
            RecordMetadata written = publishSignal(signal, deadline);
            metrics.signal(strategy, IngestMetrics.ACCEPTED, start);
            return ResponseEntity.accepted().body(Map.of(
                    "signalId", signal.getSignalId(),
                    "eventId", signal.getEventId(),
                    "partition", written.partition(),
                    "offset", written.offset()));
        } catch (ApiException e) {
            metrics.signal(strategy, e.code().name(), start);
            throw e;
        }
    }

    private TradeSignal parseSignal(com.fasterxml.jackson.databind.JsonNode body, StrategyKey caller) {
        try {
            return signalParser.parse(body, new SignalParser.Caller(caller.strategyId(), caller.accountId()),
                    clock.instant(), UUID.randomUUID().toString());
        } catch (ForbiddenIdentityException e) {
            throw new ApiException(ErrorCode.FORBIDDEN, e.getMessage());
        } catch (InvalidRequestException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage(), e.errors());
        }
    }

    private RecordMetadata publishSignal(TradeSignal signal, long deadline) {
        try {
            return publisher.publish(Topics.SIGNALS, signal.getAccountId(), signal, deadline);
        } catch (PublishFailedException e) {
            throw new ApiException(ErrorCode.KAFKA_UNAVAILABLE, e.getMessage());
        }
    }

    @PostMapping("/api/v1/market-data/bars")
    public ResponseEntity<Map<String, Object>> acceptBars(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) throws IOException {
        long deadline = System.nanoTime() + publisher.timeout().toNanos();
        try {
            if (!authenticator.isOperator(authorization)) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED,
                        "an operator token is required: Authorization: Bearer <token>");
            }
            List<MarketBar> bars = parseBars(RequestBodies.mediaType(request),
                    RequestBodies.read(request, properties.maxBarsBody()));
            publishBars(bars, deadline);
            metrics.bars(IngestMetrics.ACCEPTED, bars.size());
            return ResponseEntity.accepted().body(Map.of("accepted", bars.size()));
        } catch (ApiException e) {
            metrics.bars(e.code().name(), 1);
            throw e;
        }
    }

    private List<MarketBar> parseBars(MediaType type, byte[] body) {
        String batch = UUID.randomUUID().toString();
        try {
            if (RequestBodies.isJson(type)) {
                return barParser.parseJson(RequestBodies.json(body), clock.instant(), i -> batch + "-" + i);
            }
            if (MediaType.parseMediaType("text/csv").isCompatibleWith(type)) {
                return barParser.parseCsv(RequestBodies.utf8(body), clock.instant(), i -> batch + "-" + i);
            }
        } catch (InvalidRequestException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, e.getMessage(), e.errors());
        }
        throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "bars must be application/json or text/csv");
    }

    private void publishBars(List<MarketBar> bars, long deadline) {
        try {
            publisher.publishAll(Topics.MARKET_DATA, bars.stream().map(b -> new Keyed<>(b.getSymbol(), b)).toList(),
                    deadline);
        } catch (PublishFailedException e) {
            throw new ApiException(ErrorCode.KAFKA_UNAVAILABLE, e.getMessage());
        }
    }
}
