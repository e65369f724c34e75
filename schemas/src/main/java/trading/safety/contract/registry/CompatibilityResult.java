package trading.safety.contract.registry;

import java.util.List;

/** Whether a candidate schema may become the next version of a subject, and why not. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
