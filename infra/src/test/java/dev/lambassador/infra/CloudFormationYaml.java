package dev.lambassador.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a CloudFormation YAML template into maps, lists and strings, turning the short intrinsic
 * tags ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) into their long JSON form, as
 * CloudFormation does. Scalars stay strings: the tests compare them as written.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        try {
            Node root = new Compose(LoadSettings.builder().build()).composeString(Files.readString(file))
                    .orElseThrow(() -> new IllegalArgumentException(file + " is empty"));
            return (Map<String, Object>) convert(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object convert(Node node) {
        Object value = switch (node) {
            case MappingNode mapping -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    map.put(((ScalarNode) tuple.getKeyNode()).getValue(), convert(tuple.getValueNode()));
                }
                yield map;
            }
            case SequenceNode sequence -> {
                List<Object> list = new ArrayList<>();
                sequence.getValue().forEach(item -> list.add(convert(item)));
                yield list;
            }
            case ScalarNode scalar -> scalar.getValue();
            default -> throw new IllegalArgumentException("unexpected YAML node " + node);
        };
        String tag = node.getTag().getValue();
        if (!tag.startsWith("!")) {
            return value;
        }
        String function = tag.substring(1);
        if (function.equals("Ref") || function.equals("Condition")) {
            return Map.of(function, value);
        }
        if (function.equals("GetAtt") && value instanceof String attribute) {
            return Map.of("Fn::GetAtt", Arrays.asList(attribute.split("\\.", 2)));
        }
        return Map.of("Fn::" + function, value);
    }
}
