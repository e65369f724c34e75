package trading.safety.console.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The latest {@code capacity} items of a stream, oldest first; safe to read while the reader thread adds. */
final class Recent<T> {

    private final int capacity;
    private final ArrayDeque<T> items;

    Recent(int capacity) {
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    synchronized void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
        }
        items.addLast(item);
    }

    synchronized T last() {
        return items.peekLast();
    }

    synchronized List<T> snapshot() {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }
}
