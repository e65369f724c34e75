package trading.safety.contract.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte array for one thread's serializer to write into again and again: it keeps its
 * capacity between records, so a serializer allocates only the copy it returns. Not thread-safe; keep
 * one per thread.
 */
public final class ReusableBuffer extends OutputStream {

    private byte[] bytes;
    private int size;

    public ReusableBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    /** Starts a new record, keeping the first {@code reserved} bytes free for a header. */
    public void reset(int reserved) {
        ensure(reserved);
        size = reserved;
    }

    /** The backing array, valid up to {@link #size()} until the next write. */
    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    /** A copy of what was written since the last reset, reserved bytes included. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
