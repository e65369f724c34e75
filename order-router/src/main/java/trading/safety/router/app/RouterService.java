package trading.safety.router.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.config.RouterProperties;
import trading.safety.router.domain.ControlActions;
import trading.safety.router.domain.RouterControls;
import trading.safety.router.paper.PaperBroker;
import trading.safety.v1.ControlRecord;

/** Starts and stops the router's threads with the application: control table, price feed, routing loop. */
public final class RouterService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RouterService.class);

    private final ControlTableReader controls;
    private final MarketPriceFeed prices; // null when the paper broker is not in this process
    private final IntentRouter router;
    private final ControlActions actions = new ControlActions(); // the control reader's thread alone uses it
    private volatile boolean running;

    /** @param paper the in-process paper broker to feed prices to, or null */
    public RouterService(String bootstrapServers, RouterProperties properties, PaperBroker paper,
            Map<String, BrokerAdapter> brokers, SchemaRegistry registry, Clock clock, RouterMetrics metrics) {
        this.controls = new ControlTableReader(bootstrapServers, properties.transactionalId() + "-controls", registry,
                this::onControlChange);
        this.prices = paper == null ? null
                : new MarketPriceFeed(bootstrapServers, properties.transactionalId() + "-prices", registry, paper);
        this.router = new IntentRouter(new IntentRouter.Settings(bootstrapServers, properties.groupId(),
                properties.transactionalId(), properties.primaryBroker(), blankToNull(properties.secondaryBroker()),
                properties.failoverAfterFailures(), properties.failoverAfterUnreachable(), properties.dryRun(),
                properties.snapshotInterval(), properties.fillPollInterval(), properties.fillPollIntervals(),
                properties.maxPollRecords(),
                properties.commitInterval(), properties.tokenWarning()),
                brokers, controls, registry, clock, metrics);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    public RouterControls controls() {
        return controls.controls();
    }

    public IntentRouter router() {
        return router;
    }

    /** Hands what a live control change asks for (a kill switch, an operator's command) to the routing loop. */
    private void onControlChange(String key, ControlRecord before, ControlRecord after, RouterControls now) {
        actions.changed(key, before, after).ifPresent(action -> {
            log.warn("{} {} ({}, {}) by {}: acting{}{}", action.kind().label(), action.commandId(), key,
                    action.scope(), action.operator(), action.cancelOrders() ? ", cancelling open orders" : "",
                    action.flatten() ? ", flattening positions" : "");
            router.onAction(action);
        });
    }

    @Override
    public void start() {
        controls.start();
        if (prices != null) {
            prices.start();
        }
        router.start();
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            router.close();
            if (prices != null) {
                prices.close();
            }
            controls.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Waits until the control table is read (tests and the health check use it). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return controls.awaitCaughtUp(timeout);
    }
}
