package dev.lambassador.dynamodb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB attribute values to and from plain Java (String, BigDecimal, Boolean, List, Map), the
 * form route items take in the core whether they come from DynamoDB or from YAML.
 */
public final class AttributeValues {

    private AttributeValues() {
    }

    public static Map<String, Object> toJava(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, toJava(value)));
        return out;
    }

    public static Object toJava(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> new BigDecimal(value.n());
            case BOOL -> value.bool();
            case NUL -> null;
            case L -> {
                List<Object> list = new ArrayList<>(value.l().size());
                value.l().forEach(element -> list.add(toJava(element)));
                yield list;
            }
            case M -> toJava(value.m());
            case SS -> List.copyOf(value.ss());
            case NS -> value.ns().stream().map(BigDecimal::new).toList();
            case B -> value.b().asByteArray();
            case BS -> value.bs().stream().map(SdkBytes::asByteArray).toList();
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("unknown DynamoDB attribute type in " + value);
        };
    }

    public static Map<String, AttributeValue> fromJava(Map<String, ?> item) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, fromJava(value)));
        return out;
    }

    public static AttributeValue fromJava(Object value) {
        return switch (value) {
            case null -> AttributeValue.fromNul(true);
            case String s -> AttributeValue.fromS(s);
            case Number n -> AttributeValue.fromN(new BigDecimal(n.toString()).toPlainString());
            case Boolean b -> AttributeValue.fromBool(b);
            case byte[] bytes -> AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
            case Collection<?> c -> AttributeValue.fromL(c.stream().map(AttributeValues::fromJava).toList());
            case Map<?, ?> m -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                m.forEach((k, v) -> map.put(String.valueOf(k), fromJava(v)));
                yield AttributeValue.fromM(map);
            }
            default -> throw new IllegalArgumentException("cannot store a " + value.getClass().getSimpleName() + " in DynamoDB");
        };
    }
}
