package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorMetadataTest {

    @Test
    void readsBackWhatItWroteIncludingSeparatorsInsideCursors() {
        Map<String, String> cursors = Map.of("paper", "17", "alpaca", "2026-03-02T15:00:00Z::a=b;c");

        assertThat(CursorMetadata.read(CursorMetadata.write(cursors))).isEqualTo(cursors);
    }

    @Test
    void startsFromTheBeginningOnEmptyOrForeignMetadata() {
        assertThat(CursorMetadata.read(null)).isEmpty();
        assertThat(CursorMetadata.read("")).isEmpty();
        assertThat(CursorMetadata.read("something else")).isEmpty();
    }
}
