package trading.safety.contract.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the broker's topics match the catalog before a service starts: creates the missing ones
 * with the catalog's settings, and refuses (naming topic and setting) when an existing topic has
 * another cleanup policy or fewer partitions than the catalog requires, since either would
 * silently lose control state or break co-partitioning.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private static final Duration METADATA_RETRY_BACKOFF = Duration.ofMillis(100);

    private final Admin admin;
    private final short replicationFactor;
    private final int minInSyncReplicas;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, short replicationFactor, int minInSyncReplicas, Duration timeout) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.minInSyncReplicas = minInSyncReplicas;
        this.timeout = timeout;
    }

    /**
     * Ensures every topic exists as the catalog says.
     *
     * @return the names of the topics it created
     * @throws TopicMismatchException when an existing topic cannot be used as it is
     */
    public List<String> provision(Collection<Topic<?>> topics) {
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<NewTopic> missing = topics.stream()
                .filter(t -> !existing.contains(t.name()))
                .map(this::newTopic)
                .toList();
        List<String> created = create(missing);
        verify(topics);
        return created;
    }

    private NewTopic newTopic(Topic<?> topic) {
        Map<String, String> configs = new java.util.LinkedHashMap<>(topic.configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas));
        return new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(configs);
    }

    private List<String> create(List<NewTopic> missing) {
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> created = new ArrayList<>();
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                await(future, "create topic " + name);
                created.add(name);
                log.info("created topic {}", name);
            } catch (IllegalStateException e) {
                // Another instance may have created it first; verify() checks it like any existing topic.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        });
        return created;
    }

    private void verify(Collection<Topic<?>> topics) {
        List<String> names = topics.stream().map(Topic::name).toList();
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        // A topic just created may not be in the broker's metadata yet: retry until the timeout.
        Map<String, TopicDescription> descriptions = awaitVisible(
                () -> admin.describeTopics(names).allTopicNames(), "describe topics");
        Map<String, Config> configs = awaitVisible(() -> admin.describeConfigs(resources).all(),
                "describe topic configs")
                .entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
        List<String> problems = new ArrayList<>();
        for (Topic<?> topic : topics) {
            String policy = configs.get(topic.name()).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!topic.cleanupPolicy().configValue().equals(policy)) {
                problems.add("topic " + topic.name() + " has cleanup.policy=" + policy
                        + " but the catalog requires cleanup.policy=" + topic.cleanupPolicy().configValue());
            }
            int partitions = descriptions.get(topic.name()).partitions().size();
            if (partitions < topic.partitions()) {
                problems.add("topic " + topic.name() + " has " + partitions
                        + " partitions but the catalog requires at least " + topic.partitions());
            }
        }
        if (!problems.isEmpty()) {
            throw new TopicMismatchException(problems);
        }
    }

    private <T> T awaitVisible(Supplier<KafkaFuture<T>> call, String action) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return await(call.get(), action);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            LockSupport.parkNanos(METADATA_RETRY_BACKOFF.toNanos());
        }
    }

    private <T> T await(KafkaFuture<T> future, String action) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + action + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + action, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + timeout + " trying to " + action
                    + " (is Kafka reachable?)", e);
        }
    }
}
