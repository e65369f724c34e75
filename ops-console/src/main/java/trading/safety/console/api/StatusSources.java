package trading.safety.console.api;

/** Parts of the status document that come from outside the topic views (consumer lag). */
@FunctionalInterface
public interface StatusSources {

    /** The latest consumer-lag report, or null before the first check. */
    Object lag();
}
