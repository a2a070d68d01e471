package dev.lambassador.dynamodb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's JSON form of attribute values ({@code {"S": "text"}}, {@code {"N": "1"}}, ...) to and from
 * plain Java: the same values {@link AttributeValues} gives from the AWS SDK's model (String,
 * BigDecimal, Boolean, null, List, Map, lists for the sets, byte[] for binary), so route items read
 * the same whichever client read them.
 */
public final class DynamoDbJson {

    private DynamoDbJson() {
    }

    /** An item, each attribute's value in DynamoDB JSON, as plain Java. */
    public static Map<String, Object> toJava(Map<String, ?> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, toJava(value)));
        return out;
    }

    /** @throws IllegalArgumentException when this is not one DynamoDB JSON attribute value */
    public static Object toJava(Object value) {
        if (!(value instanceof Map<?, ?> typed) || typed.size() != 1) {
            throw new IllegalArgumentException("not a DynamoDB attribute value: " + value);
        }
        Map.Entry<?, ?> only = typed.entrySet().iterator().next();
        Object content = only.getValue();
        return switch (String.valueOf(only.getKey())) {
            case "S" -> text(content);
            case "N" -> new BigDecimal(text(content));
            case "BOOL" -> bool(content);
            case "NULL" -> null;
            case "L" -> {
                List<Object> list = new ArrayList<>();
                list(content).forEach(element -> list.add(toJava(element)));
                yield list;
            }
            case "M" -> content instanceof Map<?, ?> map ? toJava(strings(map)) : fail(value);
            case "SS" -> list(content).stream().map(DynamoDbJson::text).toList();
            case "NS" -> list(content).stream().map(number -> new BigDecimal(text(number))).toList();
            case "B" -> Base64.getDecoder().decode(text(content));
            case "BS" -> list(content).stream().map(bytes -> Base64.getDecoder().decode(text(bytes))).toList();
            default -> throw new IllegalArgumentException("unknown DynamoDB attribute type in " + value);
        };
    }

    /** An item of plain Java values in DynamoDB JSON. */
    public static Map<String, Object> fromJava(Map<String, ?> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, fromJava(value)));
        return out;
    }

    /** @throws IllegalArgumentException for a type DynamoDB cannot store */
    public static Map<String, Object> fromJava(Object value) {
        return switch (value) {
            case null -> Map.of("NULL", true);
            case String s -> Map.of("S", s);
            case Number n -> Map.of("N", new BigDecimal(n.toString()).toPlainString());
            case Boolean b -> Map.of("BOOL", b);
            case byte[] bytes -> Map.of("B", Base64.getEncoder().encodeToString(bytes));
            case Collection<?> c -> Map.of("L", c.stream().map(DynamoDbJson::fromJava).toList());
            case Map<?, ?> m -> {
                Map<String, Object> map = new LinkedHashMap<>();
                m.forEach((k, v) -> map.put(String.valueOf(k), fromJava(v)));
                yield Map.of("M", map);
            }
            default -> throw new IllegalArgumentException("cannot store a " + value.getClass().getSimpleName() + " in DynamoDB");
        };
    }

    private static String text(Object content) {
        if (content instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("not a DynamoDB string: " + content);
    }

    private static Boolean bool(Object content) {
        if (content instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("not a DynamoDB boolean: " + content);
    }

    private static List<?> list(Object content) {
        if (content instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("not a DynamoDB list: " + content);
    }

    private static Map<String, Object> strings(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Object fail(Object value) {
        throw new IllegalArgumentException("not a DynamoDB map: " + value);
    }
}
