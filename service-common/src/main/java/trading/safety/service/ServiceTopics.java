package trading.safety.service;

import java.util.List;
import trading.safety.contract.topic.Topic;

/**
 * The catalog topics a service reads or writes; each service declares one such bean, and
 * everything in it is provisioned (topic and value schema) before the service starts work.
 */
public record ServiceTopics(List<Topic<?>> topics) {

    public ServiceTopics {
        topics = List.copyOf(topics);
    }

    public static ServiceTopics of(Topic<?>... topics) {
        return new ServiceTopics(List.of(topics));
    }
}
