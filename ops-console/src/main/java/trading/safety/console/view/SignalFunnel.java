package trading.safety.console.view;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import trading.safety.v1.CheckResult;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.Fill;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.RiskCheck;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.TradeSignal;

/**
 * A range's signals followed through every gate: how many arrived, how many each of risk-stream's checks
 * stopped (the first failed check of each rejection, in the order risk-stream checks them) and for which
 * reasons, how many became intents, reached a broker and filled; and, per
 * strategy, why nothing traded. Pure: it counts the records it is given.
 */
public final class SignalFunnel {

    /** What one gate stopped, and how many signals were still going after it. */
    public record Gate(String gate, long stopped, long remaining) {
    }

    /** How many rejections one reason code accounts for. */
    public record ReasonCount(String reason, long count) {
    }

    /** The range's funnel: {@code gates} in risk-stream's check order, {@code byReason} most frequent first. */
    public record Funnel(Instant from, Instant to, long signals, long undecided, long decided, long approved,
            List<Gate> gates, List<ReasonCount> byReason, long intents, long submitted, long dryRun, long brokerAccepted, long brokerRejected,
            long failed, long filled, long fills) {
    }

    /** One reason a strategy did not trade, with how often it applied and an example. */
    public record Reason(String reason, long count, String example) {
    }

    /** Why a strategy traded or did not in the range. */
    public record StrategyVerdict(String strategyId, long signals, long approved, long filled, boolean traded,
            List<Reason> reasons) {
    }

    private final List<TradeSignal> signals;
    private final List<SignalDecision> decisions;
    private final List<OrderIntent> intents;
    private final List<OrderEvent> events;
    private final List<Fill> fills;

    public SignalFunnel(List<TradeSignal> signals, List<SignalDecision> decisions, List<OrderIntent> intents,
            List<OrderEvent> events, List<Fill> fills) {
        this.signals = signals;
        this.decisions = decisions;
        this.intents = intents;
        this.events = events;
        this.fills = fills;
    }

    public Funnel funnel(Instant from, Instant to) {
        Map<String, SignalDecision> decided = firstDecisions();
        Set<String> signalIds = new HashSet<>();
        signals.forEach(s -> signalIds.add(s.getSignalId()));
        long undecided = signalIds.stream().filter(id -> !decided.containsKey(id)).count();
        Map<RiskCheck, Long> stopped = new EnumMap<>(RiskCheck.class);
        Map<String, Long> reasons = new HashMap<>();
        long approved = 0;
        for (SignalDecision decision : decided.values()) {
            if (decision.getOutcome() == DecisionOutcome.APPROVED) {
                approved++;
            } else {
                RiskCheck check = decision.getChecks().stream().filter(c -> !c.getPassed()).map(CheckResult::getCheck)
                        .findFirst().orElse(RiskCheck.UNKNOWN);
                stopped.merge(check, 1L, Long::sum);
                reasons.merge(decision.getPrimaryReason().name(), 1L, Long::sum);
            }
        }
        List<Gate> gates = new ArrayList<>();
        long remaining = decided.size();
        for (RiskCheck check : RiskCheck.values()) {
            long count = stopped.getOrDefault(check, 0L);
            if (check == RiskCheck.UNKNOWN && count == 0) {
                continue;
            }
            remaining -= count;
            gates.add(new Gate(check.name(), count, remaining));
        }
        List<ReasonCount> byReason = reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new ReasonCount(e.getKey(), e.getValue())).toList();
        Map<String, OrderEventType> lastByIntent = new HashMap<>();
        long submitted = 0;
        long dryRun = 0;
        long accepted = 0;
        long rejected = 0;
        long failed = 0;
        for (OrderEvent event : events) {
            lastByIntent.put(event.getIntentId(), event.getType());
            switch (event.getType()) {
                case SUBMITTED -> {
                    if (event.getDryRun()) {
                        dryRun++;
                    } else {
                        submitted++;
                    }
                }
                case ACCEPTED -> accepted++;
                case REJECTED -> rejected++;
                case FAILED -> failed++;
                default -> {
                }
            }
        }
        Set<String> filledIntents = new HashSet<>();
        fills.forEach(f -> filledIntents.add(f.getIntentId()));
        return new Funnel(from, to, signalIds.size(), undecided, decided.size(), approved, gates, byReason,
                intents.size(),
                submitted, dryRun, accepted, rejected, failed, filledIntents.size(), fills.size());
    }

    /**
     * Per strategy (those with signals or decisions in the range, and {@code known} ones that sent nothing), the
     * reasons nothing traded, most frequent first; strategies that traded list what stopped the rest.
     */
    public List<StrategyVerdict> whyNoTrade(Set<String> known, Map<String, String> standingBlocks) {
        Map<String, String> strategyOfSignal = new HashMap<>();
        Map<String, String> strategyOfIntent = new HashMap<>();
        Set<String> strategies = new TreeSet<>(known);
        signals.forEach(s -> {
            strategyOfSignal.put(s.getSignalId(), s.getStrategyId());
            strategies.add(s.getStrategyId());
        });
        Map<String, SignalDecision> decided = firstDecisions();
        decided.values().forEach(d -> strategies.add(d.getStrategyId()));
        intents.forEach(i -> {
            if (i.getStrategyId() != null) {
                strategyOfIntent.put(i.getIntentId(), i.getStrategyId());
            }
        });
        Map<String, Map<String, Reason>> reasons = new HashMap<>();
        Map<String, long[]> counts = new HashMap<>();
        for (String strategy : strategies) {
            reasons.put(strategy, new LinkedHashMap<>());
            counts.put(strategy, new long[3]);
        }
        for (String signalId : strategyOfSignal.keySet()) {
            String strategy = strategyOfSignal.get(signalId);
            counts.get(strategy)[0]++;
            if (!decided.containsKey(signalId)) {
                note(reasons.get(strategy), "NOT_DECIDED", "signal " + signalId + " has no decision in the range: "
                        + "still pending in risk-stream, or a repeat of an id decided before (absorbed as a retry)");
            }
        }
        for (SignalDecision decision : decided.values()) {
            String strategy = decision.getStrategyId();
            if (decision.getOutcome() == DecisionOutcome.APPROVED) {
                counts.get(strategy)[1]++;
            } else {
                String detail = decision.getChecks().stream().filter(c -> !c.getPassed()).findFirst()
                        .map(c -> c.getDetail()).orElse("");
                note(reasons.get(strategy), decision.getPrimaryReason().name(),
                        decision.getSymbol() + ": " + detail);
            }
        }
        Map<String, OrderEvent> lastByIntent = new HashMap<>();
        events.forEach(e -> lastByIntent.put(e.getIntentId(), e));
        Set<String> filledIntents = new HashSet<>();
        for (Fill fill : fills) {
            String strategy = strategyOfIntent.get(fill.getIntentId());
            if (strategy != null && filledIntents.add(fill.getIntentId())) {
                counts.get(strategy)[2]++;
            }
        }
        for (OrderIntent intent : intents) {
            String strategy = intent.getStrategyId();
            if (strategy == null || filledIntents.contains(intent.getIntentId()) || !counts.containsKey(strategy)) {
                continue;
            }
            OrderEvent last = lastByIntent.get(intent.getIntentId());
            if (last == null) {
                note(reasons.get(strategy), "NOT_ROUTED", "intent " + intent.getIntentId() + " has no order event yet");
            } else if (last.getDryRun()) {
                note(reasons.get(strategy), "DRY_RUN", String.valueOf(last.getReason()));
            } else if (last.getType() == OrderEventType.REJECTED || last.getType() == OrderEventType.FAILED) {
                note(reasons.get(strategy), "BROKER_" + last.getType().name(), String.valueOf(last.getReason()));
            } else if (last.getType() == OrderEventType.CANCELLED) {
                note(reasons.get(strategy), "CANCELLED", String.valueOf(last.getReason()));
            } else {
                note(reasons.get(strategy), "NOT_FILLED_YET", intent.getSymbol() + " is " + last.getType());
            }
        }
        List<StrategyVerdict> verdicts = new ArrayList<>();
        for (String strategy : strategies) {
            long[] c = counts.get(strategy);
            Map<String, Reason> found = reasons.get(strategy);
            if (c[0] == 0 && decided.values().stream().noneMatch(d -> d.getStrategyId().equals(strategy))) {
                note(found, "NO_SIGNALS", "no signal from this strategy in the range");
            }
            String block = standingBlocks.get(strategy);
            if (block != null) {
                note(found, "BLOCKED_NOW", block);
            }
            List<Reason> sorted = new ArrayList<>(found.values());
            sorted.sort(Comparator.comparingLong(Reason::count).reversed().thenComparing(Reason::reason));
            verdicts.add(new StrategyVerdict(strategy, c[0], c[1], c[2], c[2] > 0, sorted));
        }
        return verdicts;
    }

    /** The first decision recorded per signal (a second one is a replay the contract forbids, not a new fate). */
    private Map<String, SignalDecision> firstDecisions() {
        Map<String, SignalDecision> first = new LinkedHashMap<>();
        decisions.forEach(d -> first.putIfAbsent(d.getSignalId(), d));
        return first;
    }

    private static void note(Map<String, Reason> reasons, String reason, String example) {
        reasons.merge(reason, new Reason(reason, 1, example),
                (old, added) -> new Reason(reason, old.count() + 1, old.example()));
    }
}
