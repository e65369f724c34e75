package trading.safety.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules every schema file of the contract must follow (DESIGN section 4). */
class ContractFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DESIGN_RECORDS = Set.of("TradeSignal", "MarketBar", "SignalDecision",
            "CheckResult", "OrderIntent", "OrderEvent", "Fill", "BrokerSnapshot", "BrokerStatus", "AccountRiskState",
            "SymbolQuality", "ControlRecord", "ReconciliationResult", "Alert", "AuditEvent", "DeadLetter");

    private static List<Path> files;

    @BeforeAll
    static void readFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(Paths.get("src", "main", "avro"))) {
            files = paths.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    @Test
    void hasOneFilePerRecordOfTheDesign() {
        Set<String> names = files.stream()
                .map(p -> p.getFileName().toString().replace(".avsc", ""))
                .collect(Collectors.toSet());

        assertThat(names).containsAll(DESIGN_RECORDS);
    }

    @Test
    void neverUsesFloatingPoint() throws IOException {
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.toString())
                    .doesNotContainPattern("\"(double|float)\"");
        }
    }

    @Test
    void documentsEveryFieldGivesEveryEnumADefaultAndKeepsOneDecimalShape() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            walk(JSON.readTree(file.toFile()), file.getFileName().toString(), problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void givesEveryTopLevelRecordAnEventIdAndACausationId() throws IOException {
        for (Path file : files) {
            JsonNode schema = JSON.readTree(file.toFile());
            if (file.startsWith(Paths.get("src", "main", "avro", "records"))) {
                List<String> fields = new ArrayList<>();
                schema.path("fields").forEach(f -> fields.add(f.path("name").asText()));
                assertThat(fields).as(file.toString()).contains("eventId", "causationId");
            }
        }
    }

    private static void walk(JsonNode node, String where, List<String> problems) {
        if (node.isArray()) {
            node.forEach(n -> walk(n, where, problems));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String type = node.path("type").asText("");
        if (type.equals("record")) {
            for (JsonNode field : node.path("fields")) {
                String name = where + "." + field.path("name").asText();
                if (field.path("doc").asText("").isBlank()) {
                    problems.add(name + " has no doc");
                }
                walk(field.path("type"), name, problems);
            }
        } else if (type.equals("enum") && !node.has("default")) {
            problems.add(where + " enum " + node.path("name").asText() + " has no default symbol");
        } else if (node.path("logicalType").asText("").equals("decimal")
                && (node.path("precision").asInt() != 28 || node.path("scale").asInt() != 8)) {
            problems.add(where + " decimal is not precision 28 scale 8");
        } else if (type.equals("array")) {
            walk(node.path("items"), where, problems);
        } else if (type.equals("map")) {
            walk(node.path("values"), where, problems);
        }
        if (node.path("type").isArray() || node.path("type").isObject()) {
            walk(node.path("type"), where, problems);
        }
    }
}
