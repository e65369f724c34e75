package trading.safety.service.streams;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.serde.DeadLetters;
import trading.safety.contract.serde.UnreadableRecordException;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.DeadLetter;

/**
 * Sends records whose bytes can never be read to {@code trading.dlq.v1} (inside the stream's transaction)
 * and keeps the stream running. Any other deserialization failure (for example the registry being
 * unreachable) fails the task instead, so good records are never discarded for a transient reason.
 * Configured through the Streams properties: {@link #SERIALIZER}, {@link #SERVICE}, {@link #COUNTER}.
 */
public class DeadLetterHandler implements DeserializationExceptionHandler {

    public static final String SERIALIZER = "safety.dlq.serializer";
    public static final String SERVICE = "safety.dlq.service";
    public static final String COUNTER = "safety.dlq.counter";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private Serializer<DeadLetter> serializer;
    private String service;
    private Runnable counter;

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        serializer = (Serializer<DeadLetter>) configs.get(SERIALIZER);
        service = String.valueOf(configs.get(SERVICE));
        counter = configs.get(COUNTER) instanceof Runnable r ? r : () -> { };
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (!UnreadableRecordException.isCauseOf(exception)) {
            log.error("cannot deserialize {}/{}@{} for a reason that may pass; failing the task: {}", context.topic(),
                    context.partition(), context.offset(), exception.toString());
            return Response.fail();
        }
        DeadLetter letter = DeadLetters.of(new DeadLetters.Source(context.topic(), context.partition(),
                context.offset(), record.key(), record.value()), exception, service,
                Instant.ofEpochMilli(context.timestamp()));
        log.warn("dead-lettered {}/{}@{}: {}", context.topic(), context.partition(), context.offset(),
                letter.getErrorType());
        counter.run();
        return Response.resume(List.of(new ProducerRecord<>(Topics.DLQ.name(), null, context.timestamp(),
                context.topic().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                serializer.serialize(Topics.DLQ.name(), letter))));
    }
}
