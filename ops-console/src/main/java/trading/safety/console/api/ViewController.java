package trading.safety.console.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import trading.safety.console.auth.Allowed;
import trading.safety.console.auth.Caller;
import trading.safety.console.auth.Role;
import trading.safety.console.view.ConsoleViews;
import trading.safety.console.view.SignalFunnel;
import trading.safety.console.view.TopicRangeReader;
import trading.safety.console.view.TopicRangeReader.Timed;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.RiskLimits;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.SignalDecision;

/**
 * What the operators read: the console's views of the state topics, and range queries over the event topics
 * (by record time, {@code from} and {@code to} as ISO-8601 instants, the last hour by default).
 */
@RestController
@RequestMapping("/api/v1")
public class ViewController {

    private static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    private static final int MAX_LIMIT = 10_000;

    private final ConsoleViews views;
    private final TopicRangeReader ranges;
    private final StatusSources status;
    private final Clock clock;
    private final RiskLimits configuredLimits;

    public ViewController(ConsoleViews views, TopicRangeReader ranges, StatusSources status, Clock clock,
            RiskLimits configuredLimits) {
        this.views = views;
        this.ranges = ranges;
        this.status = status;
        this.clock = clock;
        this.configuredLimits = configuredLimits;
    }

    /** Who the token names: its operator and role (the dashboard offers only what the role may do). */
    @GetMapping("/me")
    @Allowed(Role.VIEWER)
    public Caller me(HttpServletRequest request) {
        return (Caller) request.getAttribute(Caller.ATTRIBUTE);
    }

    /** The state at a glance: kill switches, brokers, accounts, breakers, lag and the open alerts. */
    @GetMapping("/status")
    @Allowed(Role.VIEWER)
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", clock.instant().toString());
        out.put("viewsCaughtUp", views.caughtUp());
        out.put("viewsLastPoll", views.lastPoll() == null ? null : views.lastPoll().toString());
        out.put("killSwitch", killSwitch());
        out.put("brokers", brokers());
        out.put("accounts", accounts());
        out.put("circuitBreakers", circuitBreakers());
        out.put("strategiesDisabled", controls("strategy/").stream().filter(c -> Boolean.TRUE.equals(c.get("active")))
                .toList());
        out.put("lag", status.lag());
        out.put("openAlerts", openAlerts());
        return out;
    }

    @GetMapping("/kill-switch")
    @Allowed(Role.VIEWER)
    public Map<String, Object> killSwitch() {
        ControlRecord global = views.control(new ControlKey.GlobalKillSwitch().value());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", global != null && global.getActive());
        out.put("mode", global != null && global.getActive() ? global.getMode() : null);
        out.put("record", AvroJson.of(global));
        out.put("accounts", controls("kill-switch/account/").stream()
                .filter(c -> Boolean.TRUE.equals(c.get("active"))).toList());
        return out;
    }

    @GetMapping("/strategies/health")
    @Allowed(Role.VIEWER)
    public List<Map<String, Object>> strategyHealth() {
        return views.strategyHealth().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> AvroJson.of(e.getValue())).toList();
    }

    @GetMapping("/circuit-breakers")
    @Allowed(Role.VIEWER)
    public List<Map<String, Object>> circuitBreakers() {
        return controls("circuit-breaker/");
    }

    @GetMapping("/brokers")
    @Allowed(Role.VIEWER)
    public Map<String, Object> brokers() {
        ControlRecord active = views.control(new ControlKey.ActiveBroker().value());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activeBroker", active != null && active.getActive() ? active.getParams().get("brokerId") : null);
        out.put("activeBrokerRecord", AvroJson.of(active));
        out.put("brokers", views.brokers().values().stream()
                .sorted(Comparator.comparing(s -> s.getBrokerId())).map(AvroJson::of).toList());
        return out;
    }

    @GetMapping("/accounts/{accountId}/risk")
    @Allowed(Role.VIEWER)
    public Map<String, Object> accountRisk(@PathVariable String accountId) {
        AccountRiskState state = views.riskStates().get(accountId);
        if (state == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no risk state has been published for account " + accountId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", AvroJson.of(state));
        ControlRecord limits = views.control(limitsKey(accountId));
        out.put("limitsInForce", limitsInForce(limits));
        out.put("limits", AvroJson.of(limits));
        out.put("override", AvroJson.of(views.control(new ControlKey.DrawdownOverride(accountId).value())));
        out.put("killSwitch", AvroJson.of(views.control(new ControlKey.AccountKillSwitch(accountId).value())));
        out.put("transitions", views.transitions(accountId));
        out.put("history", views.riskHistory(accountId).stream().map(s -> Map.of("at", s.getUpdatedAt().toString(),
                "equity", s.getEquity(), "peakEquity", s.getPeakEquity(), "drawdown", s.getDrawdown(),
                "state", s.getState().name())).toList());
        return out;
    }

    @GetMapping("/orders/pending")
    @Allowed(Role.VIEWER)
    public List<Map<String, Object>> pendingOrders(@RequestParam(required = false) String accountId) {
        return views.pendingOrders().values().stream()
                .filter(e -> accountId == null || accountId.equals(e.getAccountId()))
                .sorted(Comparator.comparing(e -> e.getAt())).map(AvroJson::of).toList();
    }

    @GetMapping("/reconciliation")
    @Allowed(Role.VIEWER)
    public Map<String, Object> reconciliation(@RequestParam(required = false) String accountId,
            @RequestParam(required = false) String status) {
        ReconStatus wanted = status == null ? null : parse("status", status, ReconStatus.class);
        Predicate<ReconciliationResult> keep = r -> (accountId == null || accountId.equals(r.getAccountId()))
                && (wanted == null || r.getStatus() == wanted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("latest", views.latestReconciliation().values().stream().filter(keep)
                .sorted(Comparator.comparing(r -> r.getAccountId())).map(AvroJson::of).toList());
        out.put("recent", views.recentReconciliation().stream().filter(keep).map(AvroJson::of).toList());
        return out;
    }

    @GetMapping("/decisions")
    @Allowed(Role.VIEWER)
    public Map<String, Object> decisions(@RequestParam(required = false) String signalId,
            @RequestParam(required = false) String accountId, @RequestParam(required = false) String strategyId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String reason,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "500") int limit) {
        Range range = range(from, to);
        DecisionOutcome wantedOutcome = outcome == null ? null : parse("outcome", outcome, DecisionOutcome.class);
        ReasonCode wantedReason = reason == null ? null : parse("reason", reason, ReasonCode.class);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Predicate<SignalDecision> keep = d -> (signalId == null || signalId.equals(d.getSignalId()))
                && (accountId == null || accountId.equals(d.getAccountId()))
                && (strategyId == null || strategyId.equals(d.getStrategyId()))
                && (wantedOutcome == null || d.getOutcome() == wantedOutcome)
                && (wantedReason == null || d.getPrimaryReason() == wantedReason);
        List<Timed<SignalDecision>> found = read(Topics.SIGNAL_DECISIONS, range, keep);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("total", found.size());
        out.put("truncated", found.size() > limit);
        out.put("decisions", found.subList(Math.max(0, found.size() - limit), found.size()).stream()
                .map(t -> AvroJson.of(t.value())).toList());
        return out;
    }

    @GetMapping("/funnel")
    @Allowed(Role.VIEWER)
    public SignalFunnel.Funnel funnel(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Range range = range(from, to);
        return funnelOf(range).funnel(range.from(), range.to());
    }

    @GetMapping("/why-no-trade")
    @Allowed(Role.VIEWER)
    public Map<String, Object> whyNoTrade(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Range range = range(from, to);
        Set<String> known = new TreeSet<>();
        views.strategyHealth().values().forEach(h -> known.add(h.getStrategyId()));
        Map<String, String> blocks = new HashMap<>();
        views.controls().values().stream().filter(ControlRecord::getActive).forEach(c -> {
            if (c.getKey().startsWith("strategy/")) {
                String strategy = c.getKey().substring("strategy/".length());
                known.add(strategy);
                blocks.put(strategy, "disabled by " + c.getOperator() + ": " + c.getReason());
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        ControlRecord global = views.control(new ControlKey.GlobalKillSwitch().value());
        out.put("globalKillSwitch", global != null && global.getActive() ? global.getMode() : null);
        out.put("strategies", funnelOf(range).whyNoTrade(known, blocks));
        return out;
    }

    @GetMapping("/alerts")
    @Allowed(Role.VIEWER)
    public Map<String, Object> alerts(@RequestParam(defaultValue = "false") boolean openOnly) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("open", openAlerts());
        if (!openOnly) {
            List<Map<String, Object>> recent = new ArrayList<>(AvroJson.all(views.recentAlerts()));
            Collections.reverse(recent);
            out.put("recent", recent);
        }
        return out;
    }

    @GetMapping("/audit")
    @Allowed(Role.VIEWER)
    public Map<String, Object> audit(@RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String subject) {
        Range range = range(from, to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", range.from().toString());
        out.put("to", range.to().toString());
        out.put("events", read(Topics.AUDIT, range, e -> subject == null || subject.equals(e.getSubject())).stream()
                .map(t -> AvroJson.of(t.value())).toList());
        return out;
    }

    private SignalFunnel funnelOf(Range range) {
        return new SignalFunnel(values(read(Topics.SIGNALS, range, s -> true)),
                values(read(Topics.SIGNAL_DECISIONS, range, d -> true)),
                values(read(Topics.ORDER_INTENTS, range, i -> true)),
                values(read(Topics.ORDER_EVENTS, range, e -> true)), values(read(Topics.FILLS, range, f -> true)));
    }

    private List<Map<String, Object>> openAlerts() {
        return views.openAlerts().values().stream().sorted(Comparator.comparing(a -> a.getAt()))
                .map(AvroJson::of).toList();
    }

    private List<Map<String, Object>> accounts() {
        return views.riskStates().values().stream().sorted(Comparator.comparing(s -> s.getAccountId()))
                .map(AvroJson::of).toList();
    }

    private List<Map<String, Object>> controls(String prefix) {
        return views.controls().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.comparingByKey()).map(e -> AvroJson.of(e.getValue())).toList();
    }

    /** The configured limits with the account's override applied, as risk-stream applies them. */
    private Object limitsInForce(ControlRecord override) {
        if (override == null || !override.getActive()) {
            return configuredLimits;
        }
        try {
            return configuredLimits.withOverrides(override.getParams());
        } catch (IllegalArgumentException e) {
            return Map.of("invalidOverride", e.getMessage(), "effect", "risk-stream fails closed: entries blocked");
        }
    }

    private static String limitsKey(String accountId) {
        try {
            return new ControlKey.RiskLimits(accountId).value();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("accountId", e.getMessage());
        }
    }

    private <V extends SpecificRecord> List<Timed<V>> read(Topic<V> topic, Range range, Predicate<V> keep) {
        try {
            return ranges.read(topic, range.from(), range.to(), keep);
        } catch (TopicRangeReader.TooManyRecordsException e) {
            throw new ApiException(ErrorCode.TOO_MUCH_DATA, e.getMessage());
        }
    }

    private static <V> List<V> values(List<Timed<V>> timed) {
        return timed.stream().map(Timed::value).toList();
    }

    private record Range(Instant from, Instant to) {
    }

    private Range range(String from, String to) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : instant("from", from);
        if (start.isAfter(end)) {
            throw ApiException.invalid("from", "must not be after to");
        }
        return new Range(start, end);
    }

    static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "'" + text + "' is not an ISO-8601 instant such as 2026-11-22T14:00:00Z");
        }
    }

    private static <E extends Enum<E>> E parse(String field, String text, Class<E> type) {
        try {
            E value = Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            if (!value.name().equals("UNKNOWN")) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw ApiException.invalid(field, "'" + text + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(Enum::name).filter(n -> !n.equals("UNKNOWN")).toList());
    }
}
