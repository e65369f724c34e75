package trading.safety.console.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LagReportJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aReportRoundTripsThroughJsonWithItsFieldNamesAndIsoInstants() {
        Instant at = Instant.parse("2026-11-23T14:30:05Z");
        LagReport report = new LagReport(at, true, "TimeoutException: slow", List.of(new GroupLag("risk", 100, 60,
                60, LagState.ALERTING, at.minusSeconds(30), List.of(PartitionLag.of("signals", 4, 40, 100)))));

        String text = json.writeValueAsString(report);
        JsonNode tree = json.readTree(text);

        assertThat(json.readValue(text, LagReport.class)).isEqualTo(report);
        assertThat(tree.get("checkedAt").asString()).isEqualTo("2026-11-23T14:30:05Z");
        assertThat(tree.get("stale").asBoolean()).isTrue();
        JsonNode group = tree.get("groups").get(0);
        assertThat(group.get("state").asString()).isEqualTo("ALERTING");
        assertThat(group.get("since").asString()).isEqualTo("2026-11-23T14:29:35Z");
        assertThat(group.get("partitions").get(0).get("lag").asLong()).isEqualTo(60);
        assertThat(group.get("partitions").get(0).get("committed").asLong()).isEqualTo(40);
    }
}
