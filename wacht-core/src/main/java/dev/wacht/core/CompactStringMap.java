package dev.wacht.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, insertion-ordered map of strings in two arrays: the keys, which principals of one
 * shape share (one list for every principal with the same header names), and the values. A fraction
 * of a {@code LinkedHashMap}'s memory for the dozen gateway headers a cached principal keeps. Lookups
 * scan the keys, which is as fast as hashing at this size.
 */
final class CompactStringMap extends AbstractMap<String, String> {
    private final List<String> keys;
    private final String[] values;

    private CompactStringMap(List<String> keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * A copy of {@code map} whose key list is passed through {@code canonicalKeys} (to share it) and
     * whose values through {@code canonicalValue}.
     */
    static CompactStringMap of(Map<String, String> map, UnaryOperator<List<String>> canonicalKeys,
            UnaryOperator<String> canonicalValue) {
        String[] keys = new String[map.size()];
        String[] values = new String[map.size()];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            keys[i] = e.getKey();
            values[i++] = canonicalValue.apply(e.getValue());
        }
        return new CompactStringMap(canonicalKeys.apply(List.of(keys)), values);
    }

    @Override
    public @Nullable String get(@Nullable Object key) {
        int i = keys.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return keys.contains(key);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> e = new SimpleImmutableEntry<>(keys.get(next), values[next]);
                        next++;
                        return e;
                    }
                };
            }
        };
    }
}
