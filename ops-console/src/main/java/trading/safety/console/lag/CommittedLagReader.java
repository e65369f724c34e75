package trading.safety.console.lag;

import java.util.List;
import java.util.Map;

/** Reads every consumer group's lag per partition, or fails as a whole. */
@FunctionalInterface
interface CommittedLagReader {

    /** Each existing group with the partitions it has committed an offset on, sorted; a partial answer is a failure. */
    Map<String, List<PartitionLag>> read() throws Exception;
}
