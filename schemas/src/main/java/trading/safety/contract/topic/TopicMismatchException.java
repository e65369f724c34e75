package trading.safety.contract.topic;

import java.util.List;

/** Existing topics disagree with the catalog in a way that would break the system; every problem is named. */
public class TopicMismatchException extends RuntimeException {

    private final List<String> problems;

    public TopicMismatchException(List<String> problems) {
        super("topics do not match the catalog: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
