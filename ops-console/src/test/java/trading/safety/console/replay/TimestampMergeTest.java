package trading.safety.console.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampMergeTest {

    @Test
    void takesTheSmallestNextTimestampAcrossPartitions() {
        List<List<InputRecord>> partitions = List.of(
                List.of(record("signals", 0, 0, 10), record("signals", 0, 1, 30)),
                List.of(record("fills", 0, 0, 20), record("fills", 0, 1, 40)));

        assertThat(merged(partitions)).containsExactly("signals-0@0", "fills-0@0", "signals-0@1", "fills-0@1");
    }

    @Test
    void keepsEachPartitionInOffsetOrderEvenWhenItsTimestampsGoBack() {
        List<List<InputRecord>> partitions = List.of(
                List.of(record("signals", 0, 0, 50), record("signals", 0, 1, 5)),
                List.of(record("fills", 0, 0, 20)));

        assertThat(merged(partitions)).containsExactly("fills-0@0", "signals-0@0", "signals-0@1");
    }

    @Test
    void breaksTiesInTheOrderThePartitionsAreGiven() {
        List<List<InputRecord>> partitions = List.of(
                List.of(record("control", 0, 0, 10)),
                List.of(record("snapshots", 1, 0, 10)),
                List.of(record("signals", 0, 0, 10), record("signals", 0, 1, 10)),
                List.of());

        assertThat(merged(partitions)).containsExactly("control-0@0", "snapshots-1@0", "signals-0@0", "signals-0@1");
    }

    private static List<String> merged(List<List<InputRecord>> partitions) {
        List<String> order = new ArrayList<>();
        TimestampMerge.forEach(partitions, r -> order.add(r.topic() + "-" + r.partition() + "@" + r.offset()));
        return order;
    }

    private static InputRecord record(String topic, int partition, long offset, long timestamp) {
        return new InputRecord(topic, partition, offset, timestamp, null, new byte[0], null);
    }
}
