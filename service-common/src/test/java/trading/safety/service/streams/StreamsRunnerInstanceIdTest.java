package trading.safety.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StreamsRunnerInstanceIdTest {

    @Test
    void anInstanceKeepsItsIdAcrossRestartsAndTwoInstancesNeverShareOne() {
        String first = StreamsRunner.instanceId("risk-stream", "host-a", Path.of("/var/lib/risk-stream"));

        assertThat(StreamsRunner.instanceId("risk-stream", "host-a", Path.of("/var/lib/./risk-stream")))
                .as("the same state directory, written differently").isEqualTo(first);
        assertThat(StreamsRunner.instanceId("risk-stream", "host-a", Path.of("/var/lib/risk-stream-2")))
                .as("a second instance on the host").isNotEqualTo(first);
        assertThat(StreamsRunner.instanceId("risk-stream", "host-b", Path.of("/var/lib/risk-stream")))
                .as("the same path on another host").isNotEqualTo(first);
        assertThat(first).startsWith("risk-stream-host-a-").hasSize("risk-stream-host-a-".length() + 12);
    }
}
