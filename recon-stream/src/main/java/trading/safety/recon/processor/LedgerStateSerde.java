package trading.safety.recon.processor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import trading.safety.recon.domain.AccountLedger;

/**
 * The account store's value format, version 3: a version byte, cash, fees and realized PnL, the opened flag,
 * the fill count, the failure run, each holding (symbol, quantity, average price), then the last sync's
 * command id (empty for none), the day start (a presence flag, then epoch day, ledger equity, broker equity
 * and fees) and the open alert's cause (empty for none). Decimals are written as their plain text, so no
 * precision is lost and the format does not depend on a scale. Versions 1 (up to the holdings) and 2 (up to
 * the day start) are still read.
 */
public final class LedgerStateSerde implements Serde<LedgerState> {

    private static final byte VERSION = 3;
    private static final byte VERSION_1 = 1;
    private static final byte VERSION_2 = 2;

    @Override
    public Serializer<LedgerState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<LedgerState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(LedgerState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            AccountLedger ledger = state.ledger();
            decimal(out, ledger.cash());
            decimal(out, ledger.fees());
            decimal(out, ledger.realizedPnl());
            out.writeBoolean(state.opened());
            out.writeLong(state.fills());
            out.writeInt(state.consecutiveFailures());
            out.writeInt(ledger.holdings().size());
            for (Map.Entry<String, AccountLedger.Holding> h : ledger.holdings().entrySet()) {
                out.writeUTF(h.getKey());
                decimal(out, h.getValue().quantity());
                decimal(out, h.getValue().averagePrice());
            }
            out.writeUTF(state.lastSync() == null ? "" : state.lastSync());
            LedgerState.DayStart day = state.dayStart();
            out.writeBoolean(day != null);
            if (day != null) {
                out.writeLong(day.day().toEpochDay());
                decimal(out, day.ledgerEquity());
                decimal(out, day.brokerEquity());
                decimal(out, day.fees());
            }
            out.writeUTF(state.alertRaisedBy() == null ? "" : state.alertRaisedBy());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static LedgerState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_1 && version != VERSION_2) {
                throw new IllegalStateException("ledger state format " + version + " is not known (expected "
                        + VERSION + ")");
            }
            BigDecimal cash = decimal(in);
            BigDecimal fees = decimal(in);
            BigDecimal realized = decimal(in);
            boolean opened = in.readBoolean();
            long fills = in.readLong();
            int failures = in.readInt();
            int count = in.readInt();
            Map<String, AccountLedger.Holding> holdings = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                holdings.put(in.readUTF(), new AccountLedger.Holding(decimal(in), decimal(in)));
            }
            AccountLedger ledger = new AccountLedger(cash, fees, realized, holdings);
            if (version == VERSION_1) {
                return new LedgerState(ledger, opened, fills, failures, null, null, null);
            }
            String lastSync = in.readUTF();
            LedgerState.DayStart day = in.readBoolean() ? new LedgerState.DayStart(
                    LocalDate.ofEpochDay(in.readLong()), decimal(in), decimal(in), decimal(in)) : null;
            String alert = version == VERSION_2 ? "" : in.readUTF();
            return new LedgerState(ledger, opened, fills, failures, lastSync.isEmpty() ? null : lastSync, day,
                    alert.isEmpty() ? null : alert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void decimal(DataOutputStream out, BigDecimal value) throws IOException {
        out.writeUTF(value.toPlainString());
    }

    private static BigDecimal decimal(DataInputStream in) throws IOException {
        return new BigDecimal(in.readUTF());
    }
}
