package trading.safety.contract.registry;

import java.util.List;

/** The registry refused a new schema version because it breaks the subject's compatibility rule. */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private final String subject;
    private final List<String> reasons;

    public IncompatibleSchemaException(String subject, Compatibility level, List<String> reasons) {
        super("schema for subject '" + subject + "' is not " + level + " compatible with its latest version"
                + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)), 409);
        this.subject = subject;
        this.reasons = List.copyOf(reasons);
    }

    public String subject() {
        return subject;
    }

    public List<String> reasons() {
        return reasons;
    }
}
