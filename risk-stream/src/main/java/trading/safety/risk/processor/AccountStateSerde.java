package trading.safety.risk.processor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import trading.safety.contract.serde.ReusableBuffer;
import trading.safety.risk.domain.AccountState;
import trading.safety.risk.domain.DrawdownStatus;
import trading.safety.risk.domain.HealthCheck;
import trading.safety.risk.domain.RecentActivity;
import trading.safety.v1.DrawdownState;

/**
 * Stores an account's risk state in a compact binary form (internal to risk-stream: its store and
 * changelog only), read on every signal, so it is written by hand rather than through a generic mapper.
 * The first byte is the format version; decimals keep their exact unscaled value and scale. Thread-safe.
 */
public final class AccountStateSerde implements Serde<AccountState> {

    /**
     * Version 3 keeps the last minute's approved orders as a table of strategies and time deltas, and no
     * seen signals (they moved to their own window store). Versions 1 and 2 are still read; the signals
     * they carried (as text, then as digests) are skipped, so an account restored from them starts its
     * duplicate window afresh.
     */
    private static final int VERSION = 3;
    private static final int TEXT_ACTIVITY_VERSION = 1;

    @Override
    public Serializer<AccountState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<AccountState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    /** One output buffer per thread, kept between records: a state is written for every signal. */
    private static final ThreadLocal<Output> OUTPUTS = ThreadLocal.withInitial(Output::new);

    private static final class Output {
        final ReusableBuffer buffer = new ReusableBuffer(2048);
        final DataOutputStream data = new DataOutputStream(buffer);
    }

    static byte[] write(AccountState s) {
        Output output = OUTPUTS.get();
        output.buffer.reset(0);
        DataOutputStream out = output.data;
        try {
            out.writeByte(VERSION);
            out.writeUTF(s.accountId());
            instant(out, s.clock());
            date(out, s.day());
            DrawdownStatus d = s.drawdown();
            out.writeBoolean(d != null);
            if (d != null) {
                out.writeUTF(d.state().name());
                decimal(out, d.peakEquity());
                decimal(out, d.equity());
                decimal(out, d.drawdown());
                date(out, d.cooldownEndsOn());
                date(out, d.rampupEndsOn());
                DrawdownStatus.CheckedOn checked = d.lastHealthCheck();
                out.writeBoolean(checked != null);
                if (checked != null) {
                    date(out, checked.on());
                    out.writeBoolean(checked.result().passed());
                    strings(out, checked.result().failures());
                }
            }
            nullableDecimal(out, s.dailyStartEquity());
            decimal(out, s.dailyRealizedPnl());
            out.writeInt(s.positions().size());
            for (var entry : s.positions().entrySet()) {
                out.writeUTF(entry.getKey());
                decimal(out, entry.getValue().quantity());
                decimal(out, entry.getValue().averagePrice());
                decimal(out, entry.getValue().markPrice());
            }
            instant(out, s.lastSnapshotAsOf());
            out.writeByte(s.lastReconciliationPassed() == null ? 0 : s.lastReconciliationPassed() ? 2 : 1);
            out.writeInt(s.duplicateIntents().size());
            for (Instant at : s.duplicateIntents()) {
                out.writeLong(at.toEpochMilli());
            }
            strings(out, List.copyOf(s.strategies()));
            nullableString(out, s.appliedOverride());
            out.writeInt(s.probesTaken().size());
            for (var entry : s.probesTaken().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeUTF(entry.getValue());
            }
            strings(out, s.recentFills());
            orders(out, s.activity().orders());
            strings(out, s.alertedProblems());
        } catch (IOException e) {
            throw new SerializationException("cannot store the risk state of account " + s.accountId(), e);
        }
        return output.buffer.toByteArray();
    }

    static AccountState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version < TEXT_ACTIVITY_VERSION || version > VERSION) {
                throw new SerializationException("stored account state has format version " + version + ", this "
                        + "build reads " + TEXT_ACTIVITY_VERSION + " to " + VERSION);
            }
            String accountId = in.readUTF();
            Instant clock = instant(in);
            LocalDate day = date(in);
            DrawdownStatus drawdown = null;
            if (in.readBoolean()) {
                DrawdownState state = DrawdownState.valueOf(in.readUTF());
                BigDecimal peak = decimal(in);
                BigDecimal equity = decimal(in);
                BigDecimal dd = decimal(in);
                LocalDate cooldown = date(in);
                LocalDate rampup = date(in);
                DrawdownStatus.CheckedOn checked = null;
                if (in.readBoolean()) {
                    LocalDate on = date(in);
                    boolean passed = in.readBoolean();
                    checked = new DrawdownStatus.CheckedOn(on, new HealthCheck.Result(passed, strings(in)));
                }
                drawdown = new DrawdownStatus(state, peak, equity, dd, cooldown, rampup, checked);
            }
            BigDecimal dailyStart = in.readBoolean() ? decimal(in) : null;
            BigDecimal dailyPnl = decimal(in);
            TreeMap<String, AccountState.Position> positions = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                positions.put(in.readUTF(), new AccountState.Position(decimal(in), decimal(in), decimal(in)));
            }
            Instant lastSnapshot = instant(in);
            int recon = in.readUnsignedByte();
            List<Instant> duplicates = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                duplicates.add(Instant.ofEpochMilli(in.readLong()));
            }
            TreeSet<String> strategies = new TreeSet<>(strings(in));
            String override = in.readBoolean() ? in.readUTF() : null;
            TreeMap<String, String> probes = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                probes.put(in.readUTF(), in.readUTF());
            }
            List<String> fills = strings(in);
            List<RecentActivity.ApprovedOrder> orders = version == VERSION ? orders(in) : olderOrders(in, version);
            List<String> problems = strings(in);
            return new AccountState(accountId, clock, day, drawdown, dailyStart, dailyPnl, positions, lastSnapshot,
                    recon == 0 ? null : recon == 2, duplicates, strategies, override, probes, fills,
                    new RecentActivity(orders), problems);
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            throw new SerializationException("cannot read a stored account risk state", e);
        }
    }

    /**
     * The orders in their order: the distinct strategies once, then per order its strategy's index and its
     * time as a difference from the previous order's (zig-zag variable-length), a few bytes each.
     */
    private static void orders(DataOutputStream out, List<RecentActivity.ApprovedOrder> orders) throws IOException {
        List<String> strategies = new ArrayList<>();
        Map<String, Integer> indexes = new HashMap<>();
        for (RecentActivity.ApprovedOrder order : orders) {
            indexes.computeIfAbsent(order.strategyId(), strategy -> {
                strategies.add(strategy);
                return strategies.size() - 1;
            });
        }
        strings(out, strategies);
        out.writeInt(orders.size());
        long previous = 0;
        for (RecentActivity.ApprovedOrder order : orders) {
            varint(out, indexes.get(order.strategyId()));
            long at = order.at().toEpochMilli();
            long delta = at - previous;
            varint(out, (delta << 1) ^ (delta >> 63));
            previous = at;
        }
    }

    private static List<RecentActivity.ApprovedOrder> orders(DataInputStream in) throws IOException {
        List<String> strategies = strings(in);
        int count = in.readInt();
        List<RecentActivity.ApprovedOrder> orders = new ArrayList<>(Math.min(Math.max(count, 0), 1_024));
        long previous = 0;
        for (int i = 0; i < count; i++) {
            String strategy = strategies.get(Math.toIntExact(varint(in)));
            long zigzag = varint(in);
            previous += (zigzag >>> 1) ^ -(zigzag & 1);
            orders.add(new RecentActivity.ApprovedOrder(strategy, Instant.ofEpochMilli(previous)));
        }
        return orders;
    }

    /** The orders of formats 1 and 2, after skipping the seen signals stored before them. */
    private static List<RecentActivity.ApprovedOrder> olderOrders(DataInputStream in, int version) throws IOException {
        for (int i = in.readInt(); i > 0; i--) {
            if (version == TEXT_ACTIVITY_VERSION) {
                in.readUTF();
                in.readUTF();
            } else {
                in.readLong();
                in.readLong();
            }
            in.readLong();
        }
        List<RecentActivity.ApprovedOrder> orders = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            orders.add(new RecentActivity.ApprovedOrder(in.readUTF(), Instant.ofEpochMilli(in.readLong())));
        }
        return orders;
    }

    private static void varint(DataOutputStream out, long value) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.writeByte((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    private static long varint(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a variable-length number runs past 64 bits");
    }

    private static void decimal(DataOutputStream out, BigDecimal value) throws IOException {
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(value.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal decimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readUnsignedShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static void nullableDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            decimal(out, value);
        }
    }

    private static void instant(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.toEpochMilli());
        }
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
    }

    private static void date(DataOutputStream out, LocalDate value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.toEpochDay());
        }
    }

    private static LocalDate date(DataInputStream in) throws IOException {
        return in.readBoolean() ? LocalDate.ofEpochDay(in.readLong()) : null;
    }

    private static void nullableString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static void strings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        List<String> values = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            values.add(in.readUTF());
        }
        return values;
    }
}
