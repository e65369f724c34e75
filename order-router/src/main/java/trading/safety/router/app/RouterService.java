package trading.safety.router.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.InvalidControlKeyException;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.config.RouterProperties;
import trading.safety.router.domain.RouterControls;
import trading.safety.router.paper.PaperBroker;
import trading.safety.v1.ControlRecord;

/** Starts and stops the router's threads with the application: control table, price feed, routing loop. */
public final class RouterService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RouterService.class);

    private final ControlTableReader controls;
    private final MarketPriceFeed prices; // null when the paper broker is not in this process
    private final IntentRouter router;
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

    /** A kill switch that turns active, or turns to CLOSE_POSITIONS, acts once. */
    private void onControlChange(String key, ControlRecord before, ControlRecord after, RouterControls now) {
        if (after == null || !after.getActive()) {
            return;
        }
        ControlKey parsed;
        try {
            parsed = ControlKey.parse(key);
        } catch (InvalidControlKeyException notAKey) {
            return;
        }
        String accountId;
        if (parsed instanceof ControlKey.GlobalKillSwitch) {
            accountId = null;
        } else if (parsed instanceof ControlKey.AccountKillSwitch account) {
            accountId = account.accountId();
        } else {
            return;
        }
        KillSwitchMode mode = modeOf(after);
        boolean newlyActive = before == null || !before.getActive();
        boolean escalated = !newlyActive && !Objects.equals(before.getMode(), after.getMode())
                && mode == KillSwitchMode.CLOSE_POSITIONS;
        if (newlyActive || escalated) {
            log.warn("kill switch {} active in {} by {} ({}): acting", key, mode, after.getOperator(), after.getReason());
            router.onKillSwitch(new IntentRouter.KillAction(accountId, mode, after.getCommandId()));
        }
    }

    private static KillSwitchMode modeOf(ControlRecord record) {
        try {
            return record.getMode() == null ? KillSwitchMode.HALT_ONLY : KillSwitchMode.valueOf(record.getMode());
        } catch (IllegalArgumentException unknown) {
            return KillSwitchMode.HALT_ONLY;
        }
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
