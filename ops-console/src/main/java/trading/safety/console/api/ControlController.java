package trading.safety.console.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import trading.safety.console.auth.Allowed;
import trading.safety.console.auth.Caller;
import trading.safety.console.auth.Role;
import trading.safety.console.control.ControlCommands;
import trading.safety.console.control.ControlCommands.Applied;
import trading.safety.console.view.ConsoleViews;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.ControlKey.BreakerName;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.risk.domain.RiskLimits;
import trading.safety.v1.BrokerRole;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.DrawdownState;

/**
 * Every operator action of the runbooks as one call: each needs a reason, is recorded under the operator
 * the token names, and is answered only after Kafka acknowledged its control record and audit event.
 */
@RestController
@RequestMapping("/api/v1")
public class ControlController {

    private static final Set<KillSwitchMode> MODES = EnumSet.of(KillSwitchMode.HALT_ONLY, KillSwitchMode.CLOSE_POSITIONS);
    private static final Set<DrawdownState> STATES = EnumSet.of(DrawdownState.NORMAL, DrawdownState.HALT,
            DrawdownState.PANIC, DrawdownState.RAMPUP);

    private final ControlCommands commands;
    private final ConsoleViews views;
    private final RiskLimits configuredLimits;

    public ControlController(ControlCommands commands, ConsoleViews views, RiskLimits configuredLimits) {
        this.commands = commands;
        this.views = views;
        this.configuredLimits = configuredLimits;
    }

    @PostMapping("/kill-switch")
    @Allowed(Role.OPERATOR)
    public Applied activateKillSwitch(HttpServletRequest request) {
        JsonBody body = JsonBody.of(request).only(Set.of("mode", "reason"));
        KillSwitchMode mode = body.choice("mode", KillSwitchMode.class, MODES);
        return apply(request, new ControlKey.GlobalKillSwitch(), true, mode.name(), body.reason(), Map.of());
    }

    @DeleteMapping("/kill-switch")
    @Allowed(Role.OPERATOR)
    public Applied deactivateKillSwitch(HttpServletRequest request) {
        JsonBody body = JsonBody.of(request).only(Set.of("reason"));
        return apply(request, new ControlKey.GlobalKillSwitch(), false, null, body.reason(), Map.of());
    }

    @PostMapping("/accounts/{accountId}/kill-switch")
    @Allowed(Role.OPERATOR)
    public Applied activateAccountKillSwitch(@PathVariable String accountId, HttpServletRequest request) {
        ControlKey key = key("accountId", () -> new ControlKey.AccountKillSwitch(accountId));
        JsonBody body = JsonBody.of(request).only(Set.of("mode", "reason"));
        KillSwitchMode mode = body.choice("mode", KillSwitchMode.class, MODES);
        return apply(request, key, true, mode.name(), body.reason(), Map.of());
    }

    @DeleteMapping("/accounts/{accountId}/kill-switch")
    @Allowed(Role.OPERATOR)
    public Applied deactivateAccountKillSwitch(@PathVariable String accountId, HttpServletRequest request) {
        ControlKey key = key("accountId", () -> new ControlKey.AccountKillSwitch(accountId));
        JsonBody body = JsonBody.of(request).only(Set.of("reason"));
        return apply(request, key, false, null, body.reason(), Map.of());
    }

    @PostMapping("/strategies/{strategyId}/disable")
    @Allowed(Role.OPERATOR)
    public Applied disableStrategy(@PathVariable String strategyId, HttpServletRequest request) {
        return strategySwitch(strategyId, true, request);
    }

    @PostMapping("/strategies/{strategyId}/enable")
    @Allowed(Role.OPERATOR)
    public Applied enableStrategy(@PathVariable String strategyId, HttpServletRequest request) {
        return strategySwitch(strategyId, false, request);
    }

    private Applied strategySwitch(String strategyId, boolean disabled, HttpServletRequest request) {
        ControlKey key = key("strategyId", () -> new ControlKey.StrategySwitch(strategyId));
        JsonBody body = JsonBody.of(request).only(Set.of("reason"));
        return apply(request, key, disabled, null, body.reason(), Map.of());
    }

    /** Resets {@code system}; {@code strategy/{id}} and {@code broker/{id}} have their own two-segment path. */
    @PostMapping("/circuit-breakers/{name}/reset")
    @Allowed(Role.OPERATOR)
    public Applied resetBreaker(@PathVariable String name, HttpServletRequest request) {
        ControlKey key = key("name", () -> new ControlKey.CircuitBreaker(BreakerName.parse(name)));
        return resetBreaker(key, request);
    }

    @PostMapping("/circuit-breakers/{kind}/{id}/reset")
    @Allowed(Role.OPERATOR)
    public Applied resetScopedBreaker(@PathVariable String kind, @PathVariable String id, HttpServletRequest request) {
        ControlKey key = key("name", () -> new ControlKey.CircuitBreaker(BreakerName.parse(kind + "/" + id)));
        return resetBreaker(key, request);
    }

    private Applied resetBreaker(ControlKey key, HttpServletRequest request) {
        JsonBody body = JsonBody.of(request).only(Set.of("reason"));
        return apply(request, key, false, null, body.reason(), Map.of());
    }

    @PostMapping("/brokers/failover")
    @Allowed(Role.ADMIN)
    public Applied failover(HttpServletRequest request) {
        return switchBroker(request, BrokerRole.SECONDARY);
    }

    @PostMapping("/brokers/failback")
    @Allowed(Role.ADMIN)
    public Applied failback(HttpServletRequest request) {
        return switchBroker(request, BrokerRole.PRIMARY);
    }

    /** Names the broker in the body, or the one whose published role is {@code role}. */
    private Applied switchBroker(HttpServletRequest request, BrokerRole role) {
        JsonBody body = JsonBody.of(request).only(Set.of("brokerId", "reason"));
        String reason = body.reason();
        String brokerId = Optional.ofNullable(body.text("brokerId")).orElseGet(() -> views.brokers().values().stream()
                .filter(status -> status.getRole() == role).map(BrokerStatus::getBrokerId).sorted().findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "no " + role
                        + " broker has published its status; name one with brokerId")));
        if (!views.brokers().isEmpty() && !views.brokers().containsKey(brokerId)) {
            throw ApiException.invalid("brokerId", "'" + brokerId + "' is not a known broker " + views.brokers().keySet());
        }
        return apply(request, new ControlKey.ActiveBroker(), true, null, reason, Map.of("brokerId", brokerId));
    }

    @PostMapping("/accounts/{accountId}/drawdown/override")
    @Allowed(Role.OPERATOR)
    public Applied overrideDrawdown(@PathVariable String accountId, HttpServletRequest request) {
        ControlKey key = key("accountId", () -> new ControlKey.DrawdownOverride(accountId));
        JsonBody body = JsonBody.of(request).only(Set.of("state", "reason"));
        DrawdownState state = body.choice("state", DrawdownState.class, STATES);
        return apply(request, key, true, state.name(), body.reason(), Map.of());
    }

    /**
     * Sets the account's runtime limits (risk-stream's own rules check every value: names and positive
     * numbers); a body with only a reason returns the account to the configured limits.
     */
    @PutMapping("/accounts/{accountId}/limits")
    @Allowed(Role.ADMIN)
    public Applied setLimits(@PathVariable String accountId, HttpServletRequest request) {
        ControlKey key = key("accountId", () -> new ControlKey.RiskLimits(accountId));
        JsonBody body = JsonBody.of(request);
        String reason = body.reason();
        Map<String, String> limits = body.valuesExcept("reason");
        Map<String, String> problems = new LinkedHashMap<>();
        limits.forEach((name, value) -> {
            try {
                configuredLimits.withOverrides(Map.of(name, value));
            } catch (IllegalArgumentException e) {
                problems.put(name, RiskLimits.OVERRIDABLE.contains(name) ? "must be a positive number"
                        : "is not a limit; limits are " + new TreeSet<>(RiskLimits.OVERRIDABLE));
            }
        });
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "invalid limits: " + String.join(", ", problems.keySet()),
                    problems);
        }
        return apply(request, key, !limits.isEmpty(), null, reason, limits);
    }

    @PostMapping("/orders/cancel-all")
    @Allowed(Role.OPERATOR)
    public Applied cancelAll(HttpServletRequest request) {
        JsonBody body = JsonBody.of(request).only(Set.of("accountId", "reason"));
        String accountId = body.text("accountId");
        ControlKey key = key("accountId", () -> new ControlKey.CancelAllOrders(accountId));
        return apply(request, key, true, null, body.reason(), Map.of());
    }

    @PostMapping("/positions/flatten")
    @Allowed(Role.OPERATOR)
    public Applied flatten(HttpServletRequest request) {
        JsonBody body = JsonBody.of(request).only(Set.of("accountId", "reason"));
        String accountId = body.text("accountId");
        ControlKey key = key("accountId", () -> new ControlKey.FlattenPositions(accountId));
        return apply(request, key, true, null, body.reason(), Map.of());
    }

    @PostMapping("/reconciliation/{accountId}/sync")
    @Allowed(Role.ADMIN)
    public Applied sync(@PathVariable String accountId, HttpServletRequest request) {
        ControlKey key = key("accountId", () -> new ControlKey.ReconSync(accountId));
        JsonBody body = JsonBody.of(request).only(Set.of("reason"));
        return apply(request, key, true, null, body.reason(), Map.of());
    }

    private Applied apply(HttpServletRequest request, ControlKey key, boolean active, String mode, String reason,
            Map<String, String> params) {
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        try {
            return commands.apply(caller, key, active, mode, reason, params);
        } catch (ControlCommands.NotAcknowledgedException e) {
            throw new ApiException(ErrorCode.KAFKA_UNAVAILABLE, "command " + e.commandId() + " on " + e.key()
                    + " was not acknowledged in time; it may still be committed if its commit had begun: look for "
                    + "its command id in /api/v1/audit before repeating it");
        }
    }

    private static ControlKey key(String field, Supplier<ControlKey> key) {
        try {
            return key.get();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, e.getMessage());
        }
    }
}
