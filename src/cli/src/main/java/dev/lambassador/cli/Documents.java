package dev.lambassador.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.store.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Items as a person reads them, in YAML or JSON: attributes in a stable order (the keys first, then
 * by name, nested maps too), so that two exports of the same table are the same text and a diff
 * shows only what changed (a filter's {@code name} comes before its {@code args}); numbers as the YAML a person would write (2000, not 2000.0).
 */
final class Documents {

    /** The keys, then a filter's or a target's name, then the rest by name. */
    private static final List<String> FIRST = List.of(TableSchema.PARTITION_KEY, TableSchema.SORT_KEY, "name");
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Documents() {
    }

    static String yaml(Object value) {
        return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndicatorIndent(2).setIndentWithIndicator(true)
                .setWidth(200).setDereferenceAliases(true).build()).dumpToString(plain(value));
    }

    static String json(Object value) {
        try {
            return PRETTY.asString(plain(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line of JSON, for a value in a diff or a table cell. */
    static String compact(Object value) {
        try {
            return JSON.std.asString(plain(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain, ordered values: maps with the keys first and the rest by name, whole numbers as integers. */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (String key : FIRST) {
                if (map.containsKey(key)) {
                    ordered.put(key, plain(map.get(key)));
                }
            }
            Map<String, Object> rest = new TreeMap<>();
            map.forEach((key, element) -> rest.put(String.valueOf(key), plain(element)));
            rest.forEach(ordered::putIfAbsent);
            return ordered;
        }
        if (value instanceof Collection<?> list) {
            List<Object> plain = new ArrayList<>(list.size());
            list.forEach(element -> plain.add(plain(element)));
            return plain;
        }
        if (value instanceof Number number && !(value instanceof Long)) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (decimal.stripTrailingZeros().scale() <= 0) {
                BigInteger whole = decimal.toBigIntegerExact();
                return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
            }
            return decimal.doubleValue();
        }
        return value;
    }

    /** Whether two attribute values are the same data: numbers by value, lists in order, maps by key. */
    static boolean same(Object a, Object b) {
        return Objects.equals(plain(a), plain(b));
    }
}
