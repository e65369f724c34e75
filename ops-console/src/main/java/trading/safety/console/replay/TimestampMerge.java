package trading.safety.console.replay;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Merges partitions into one sequence the way a Kafka Streams task picks its next record: each partition in
 * offset order (a record is never moved before an earlier one of its own partition, even when its timestamp
 * is smaller), and among the partitions the one whose next record has the smallest timestamp. Partitions whose
 * next records share a timestamp go in the order they were given, which is the tie-break. Pure.
 */
final class TimestampMerge {

    private TimestampMerge() {
    }

    /** Hands every record of {@code partitions} to {@code action}, merged; each list is in offset order. */
    static void forEach(List<List<InputRecord>> partitions, Consumer<InputRecord> action) {
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Math.max(1, partitions.size()),
                Comparator.comparingLong(Cursor::headTimestamp).thenComparingInt(Cursor::rank));
        for (int rank = 0; rank < partitions.size(); rank++) {
            if (!partitions.get(rank).isEmpty()) {
                heads.add(new Cursor(partitions.get(rank), rank));
            }
        }
        while (!heads.isEmpty()) {
            Cursor next = heads.poll();
            action.accept(next.records.get(next.position++));
            if (next.position < next.records.size()) {
                heads.add(next);
            }
        }
    }

    private static final class Cursor {
        private final List<InputRecord> records;
        private final int rank;
        private int position;

        private Cursor(List<InputRecord> records, int rank) {
            this.records = records;
            this.rank = rank;
        }

        private long headTimestamp() {
            return records.get(position).timestamp();
        }

        private int rank() {
            return rank;
        }
    }
}
