package dev.wacht.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An immutable, insertion-ordered map of strings in one array (keys and values alternating): a
 * fraction of a {@code LinkedHashMap}'s memory for the dozen gateway headers a cached principal
 * keeps. Lookups scan the array, which is as fast as hashing at this size.
 */
final class CompactStringMap extends AbstractMap<String, String> {
    private final String[] keysAndValues;
    private final int hash;

    private CompactStringMap(String[] keysAndValues) {
        this.keysAndValues = keysAndValues;
        int h = 0;
        for (int i = 0; i < keysAndValues.length; i += 2) {
            h += keysAndValues[i].hashCode() ^ keysAndValues[i + 1].hashCode(); // Map.hashCode's definition
        }
        this.hash = h;
    }

    /** A copy of {@code map} with every key and value passed through {@code canonical}. */
    static CompactStringMap of(Map<String, String> map, UnaryOperator<String> canonical) {
        String[] kv = new String[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            kv[i++] = canonical.apply(e.getKey());
            kv[i++] = canonical.apply(e.getValue());
        }
        return new CompactStringMap(kv);
    }

    @Override
    public String get(Object key) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i].equals(key)) {
                return keysAndValues[i + 1];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return keysAndValues.length / 2;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keysAndValues.length / 2;
            }

            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keysAndValues.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> e = new SimpleImmutableEntry<>(keysAndValues[next],
                                keysAndValues[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }
        };
    }
}
