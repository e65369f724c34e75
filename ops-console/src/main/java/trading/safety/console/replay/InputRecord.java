package trading.safety.console.replay;

import org.apache.kafka.common.header.Headers;

/** One recorded input record, as read from its partition: undecoded, with its own timestamp. */
record InputRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
        Headers headers) {
}
