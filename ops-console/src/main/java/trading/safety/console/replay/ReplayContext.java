package trading.safety.console.replay;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;

/**
 * The context one processor of a re-run task runs in: its stores by name, the task's stream time, and every
 * record it forwards handed at once to {@link Forwards} with the child it was sent to (none for a forward to
 * every child), instead of being captured.
 *
 * @param <K> the key type the processor forwards
 * @param <V> the value type the processor forwards
 */
final class ReplayContext<K, V> extends MockProcessorContext<K, V> {

    /** Where forwarded records go. */
    interface Forwards {
        /** @param child the child named by the processor, or null when it forwards to all its children */
        void forward(Record<?, ?> record, String child);
    }

    private final Forwards forwards;

    ReplayContext(TaskId task, Forwards forwards) {
        super(config(), task, null);
        this.forwards = forwards;
    }

    /** Initializes {@code store} as this task's and makes it available to the processor by its name. */
    void register(StateStore store) {
        store.init(storeContext(), store);
        addStateStore(store);
    }

    /** Makes a store another context initialized (a global store every task reads) available by its name. */
    void share(StateStore store) {
        addStateStore(store);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
        forwards.forward(record, null);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
        forwards.forward(record, childName);
    }

    /**
     * The mock's store context, seen as the internal context Kafka Streams gives its stores: the in-memory window
     * store refuses any other. Besides the store context's own methods, the stores ask it only for the system time
     * (to count a record put into an expired window) and for their changelog; anything else fails loudly.
     */
    private StateStoreContext storeContext() {
        StateStoreContext plain = getStateStoreContext();
        return (StateStoreContext) Proxy.newProxyInstance(ReplayContext.class.getClassLoader(),
                new Class<?>[] {InternalProcessorContext.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(proxy, method, args);
                    }
                    if (method.getName().equals("currentSystemTimeMs") && method.getParameterCount() == 0) {
                        return currentSystemTimeMs();
                    }
                    if (method.getName().equals("changelogFor")) {
                        // Logging is disabled: no changelog, and the serdes get the name a plain context gives.
                        return null;
                    }
                    Method own;
                    try {
                        own = StateStoreContext.class.getMethod(method.getName(), method.getParameterTypes());
                    } catch (NoSuchMethodException e) {
                        throw new UnsupportedOperationException("a replay store asked its context for "
                                + method.getName());
                    }
                    try {
                        return own.invoke(plain, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "replay store context";
        }
    }

    private static Properties config() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "audit-replay");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        return config;
    }
}
