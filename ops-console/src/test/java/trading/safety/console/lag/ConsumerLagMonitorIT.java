package trading.safety.console.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static trading.safety.console.lag.AlertAssertions.singleAllClear;
import static trading.safety.console.lag.AlertAssertions.singleRaise;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import trading.safety.service.testing.SettableClock;
import trading.safety.v1.Alert;

/**
 * The monitor against a real broker, one for the class. Every test names its own topics and groups and looks
 * only at those, since each monitor sees every group on the broker.
 */
@EmbeddedKafka(count = 1, brokerProperties = {"offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=false"})
class ConsumerLagMonitorIT {

    private static final Instant START = Instant.parse("2026-11-23T14:30:00Z");
    private static final Duration SUSTAIN = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(5);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static String bootstrapServers;
    private static Admin admin;

    private final SettableClock clock = new SettableClock(START);
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<Alert> published = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect(EmbeddedKafkaBroker broker) {
        bootstrapServers = broker.getBrokersAsString();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void raisesAWarningForAGroupBehindTheEndAfterTheSustainTimeAndResolvesItOnceTheGroupCatchesUp()
            throws Exception {
        String topic = "lag.behind.v1";
        String group = "lag-behind";
        createTopic(topic, 2);
        produce(topic, 0, 20);
        produce(topic, 1, 10);
        commit(group, Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 10L));
        ConsumerLagMonitor monitor = monitor(new LagPolicy(10, Map.of(), SUSTAIN));

        GroupLag exceeding = awaitGroup(monitor, group, lag -> lag.totalLag() == 15);
        clock.advance(SUSTAIN);
        monitor.check();
        GroupLag alerting = groupIn(monitor.report(), group).orElseThrow();
        Alert raised = singleRaise(alertsFor(group), group);
        double partitionGaugeWhileAlerting = partitionGauge(group, topic, 0);
        double totalGaugeWhileAlerting = registry.get(LagMetrics.GROUP_TOTAL_LAG).tag("group", group).gauge().value();
        double alertGaugeWhileAlerting = alertGauge(group);

        commit(group, Map.of(new TopicPartition(topic, 0), 20L));
        clock.advance(TICK);
        GroupLag recovered = awaitGroup(monitor, group, lag -> lag.totalLag() == 0);

        assertThat(exceeding.state()).isEqualTo(LagState.EXCEEDING);
        assertThat(exceeding.since()).isEqualTo(START);
        assertThat(alerting.state()).isEqualTo(LagState.ALERTING);
        assertThat(alerting.threshold()).isEqualTo(10);
        assertThat(alerting.maxLag()).isEqualTo(15);
        assertThat(alerting.partitions()).containsExactly(new PartitionLag(topic, 0, 5, 20, 15),
                new PartitionLag(topic, 1, 10, 10, 0));
        assertThat(raised.getAt()).isEqualTo(START.plus(SUSTAIN));
        assertThat(partitionGaugeWhileAlerting).isEqualTo(15);
        assertThat(totalGaugeWhileAlerting).isEqualTo(15);
        assertThat(alertGaugeWhileAlerting).isEqualTo(1);
        assertThat(alertsFor(group)).hasSize(2);
        singleAllClear(alertsFor(group).subList(1, 2), raised);
        assertThat(recovered.state()).isEqualTo(LagState.OK);
        assertThat(partitionGauge(group, topic, 0)).isZero();
        assertThat(alertGauge(group)).isZero();
        assertThat(monitor.report().stale()).isFalse();
    }

    @Test
    void aGroupThatConsumedEveryCommittedTransactionalRecordHasNoLag() throws Exception {
        String topic = "lag.transactional.v1";
        String group = "lag-transactional";
        TopicPartition partition = new TopicPartition(topic, 0);
        createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            for (int transaction = 0; transaction < 2; transaction++) {
                producer.beginTransaction();
                for (int i = 0; i < 4; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k", "committed-" + transaction + "-" + i));
                }
                producer.commitTransaction();
            }
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "open-" + i));
            }
            producer.flush();
            int consumed = consumeEverythingCommittedAndCommitThePosition(group, topic, 8);
            ConsumerLagMonitor monitor = monitor(new LagPolicy(0, Map.of(), Duration.ZERO));
            long uncommittedEnd = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get().offset();

            GroupLag lag = awaitGroup(monitor, group, found -> !found.partitions().isEmpty());
            producer.abortTransaction();

            assertThat(consumed).isEqualTo(8);
            assertThat(lag.partitions()).singleElement().satisfies(p -> {
                assertThat(p.end()).as("read_committed end past 8 records and 2 commit markers").isEqualTo(10);
                assertThat(p.committed()).isEqualTo(10);
                assertThat(p.lag()).isZero();
            });
            assertThat(uncommittedEnd).as("the open transaction's records are on the log").isEqualTo(13);
            assertThat(lag.state()).isEqualTo(LagState.OK);
            assertThat(alertsFor(group)).isEmpty();
        }
    }

    @Test
    void aFailingAdminClientLeavesTheReportStaleAndTheAlertOpen() throws Exception {
        String topic = "lag.failing.v1";
        String group = "lag-failing";
        createTopic(topic, 1);
        produce(topic, 0, 5);
        commit(group, Map.of(new TopicPartition(topic, 0), 1L));
        Admin failing = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        ConsumerLagMonitor monitor = new ConsumerLagMonitor(failing, new LagPolicy(0, Map.of(), Duration.ZERO),
                ADMIN_TIMEOUT, clock, registry, published::add);
        awaitGroup(monitor, group, lag -> lag.state() == LagState.ALERTING);
        Instant lastGoodCheck = monitor.report().checkedAt();

        failing.close(Duration.ZERO);
        clock.advance(TICK);
        monitor.check();

        LagReport report = monitor.report();
        assertThat(report.stale()).isTrue();
        assertThat(report.error()).isNotBlank();
        assertThat(report.checkedAt()).isEqualTo(lastGoodCheck);
        assertThat(groupIn(report, group)).map(GroupLag::state).contains(LagState.ALERTING);
        assertThat(alertsFor(group)).extracting(Alert::getResolved).containsExactly(false);
        assertThat(alertGauge(group)).isEqualTo(1);
    }

    @Test
    void aDeletedTopicNeitherFailsTheCheckNorCountsAsLag() throws Exception {
        String kept = "lag.kept.v1";
        String deleted = "lag.deleted.v1";
        String group = "lag-deleted-topic";
        createTopic(kept, 1);
        createTopic(deleted, 1);
        produce(kept, 0, 3);
        produce(deleted, 0, 3);
        commit(group, Map.of(new TopicPartition(kept, 0), 1L, new TopicPartition(deleted, 0), 0L));
        ConsumerLagMonitor monitor = monitor(new LagPolicy(100, Map.of(), SUSTAIN));
        awaitGroup(monitor, group, lag -> lag.partitions().size() == 2);

        admin.deleteTopics(List.of(deleted)).all().get();
        GroupLag afterDeletion = awaitGroup(monitor, group, lag -> lag.partitions().size() == 1);

        assertThat(afterDeletion.partitions()).containsExactly(new PartitionLag(kept, 0, 1, 3, 2));
        assertThat(monitor.report().stale()).isFalse();
        assertThat(registry.find(LagMetrics.PARTITION_LAG).tag("topic", deleted).gauges()).isEmpty();
    }

    private ConsumerLagMonitor monitor(LagPolicy policy) {
        return new ConsumerLagMonitor(admin, policy, ADMIN_TIMEOUT, clock, registry, published::add);
    }

    /** Checks until the group is reported as {@code wanted} (offsets reach the admin API asynchronously). */
    private static GroupLag awaitGroup(ConsumerLagMonitor monitor, String group,
            Predicate<GroupLag> wanted) {
        return await().atMost(PATIENCE).until(() -> {
            monitor.check();
            return groupIn(monitor.report(), group).orElse(null);
        }, lag -> lag != null && wanted.test(lag));
    }

    private static Optional<GroupLag> groupIn(LagReport report, String group) {
        return report.groups().stream().filter(lag -> lag.groupId().equals(group)).findFirst();
    }

    private List<Alert> alertsFor(String group) {
        return published.stream().filter(alert -> alert.getSubject().equals(group)).toList();
    }

    private double partitionGauge(String group, String topic, int partition) {
        return registry.get(LagMetrics.PARTITION_LAG)
                .tags("group", group, "topic", topic, "partition", Integer.toString(partition)).gauge().value();
    }

    private double alertGauge(String group) {
        return registry.get(LagMetrics.ALERTING).tag("group", group).gauge().value();
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    private static void produce(String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k", "v" + i)).get();
            }
        }
    }

    private static KafkaProducer<String, String> transactionalProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "lag-it-transactions"),
                new StringSerializer(), new StringSerializer());
    }

    /** Commits offsets for the group as a consumer that assigned the partitions itself would. */
    private static void commit(String group, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = consumer(group, "read_uncommitted")) {
            consumer.assign(offsets.keySet());
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits);
        }
    }

    /**
     * Subscribes as a classic-protocol group member (as Kafka Streams applications are), reads committed
     * records until {@code expected} have come, and commits the consumer's position.
     */
    private static int consumeEverythingCommittedAndCommitThePosition(String group, String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = consumer(group, "read_committed")) {
            consumer.subscribe(List.of(topic));
            int[] seen = {0};
            await().atMost(PATIENCE).until(() -> {
                seen[0] += consumer.poll(Duration.ofMillis(200)).count();
                return seen[0] >= expected;
            });
            consumer.commitSync();
            return seen[0];
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, String isolationLevel) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel), new StringDeserializer(),
                new StringDeserializer());
    }
}
