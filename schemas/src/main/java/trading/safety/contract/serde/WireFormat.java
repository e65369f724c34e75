package trading.safety.contract.serde;

/** The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then Avro binary. */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** Returns the schema id of a wire-format value, or throws if the header is not ours. */
    public static int schemaId(byte[] data) {
        if (data.length < HEADER_LENGTH || data[0] != MAGIC_BYTE) {
            String first = data.length == 0 ? "no bytes" : String.format("first byte 0x%02x", data[0]);
            throw new UnreadableRecordException(UnreadableRecordException.Reason.UNKNOWN_MAGIC_BYTE,
                    "not Confluent wire format (" + first + ", " + data.length + " bytes)", null);
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
