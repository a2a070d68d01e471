package dev.lambassador.core.route;

import dev.lambassador.core.store.ItemKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Items from a YAML document with top-level {@code routes:}, {@code apis:}, {@code versions:} and
 * {@code backends:} lists whose entries have the same attributes as the DynamoDB items of those kinds. String values,
 * nested ones included, may use {@code ${NAME}} variables (upper-case names), taken from
 * the given map (the environment, plus the local runtime's demo backend URLs); an unknown
 * variable fails the load, naming it.
 */
public final class YamlRouteSource implements RouteSource {

    /** The document's lists and the kind of item each holds. */
    private static final Map<String, String> SECTIONS = orderedSections();
    /**
     * Environment-style names only, upper case: {@code ${path.id}} and {@code ${requestId}} are a
     * transform's template variables, filled per request, and stay as they are.
     */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");

    private final String name;
    private final Opener opener;
    private final Map<String, String> variables;

    /** Opens the YAML afresh on every load, so edits to a file take effect on the next refresh. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public YamlRouteSource(String name, Opener opener, Map<String, String> variables) {
        this.name = Objects.requireNonNull(name, "name");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.variables = Map.copyOf(variables);
    }

    public static YamlRouteSource file(Path file, Map<String, String> variables) {
        return new YamlRouteSource("file " + file, () -> Files.newInputStream(file), variables);
    }

    public static YamlRouteSource resource(String resource, Map<String, String> variables) {
        return new YamlRouteSource("embedded " + resource, () -> {
            InputStream in = YamlRouteSource.class.getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no resource " + resource + " on the classpath");
            }
            return in;
        }, variables);
    }

    @Override
    public List<Map<String, Object>> load() throws IOException {
        Object document;
        try (InputStream in = opener.open()) {
            document = new Load(LoadSettings.builder().setLabel(name).build()).loadFromInputStream(in);
        } catch (RuntimeException e) {
            throw new IOException(name + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> root) || SECTIONS.keySet().stream().noneMatch(root::containsKey)) {
            throw new IOException(name + " must be a YAML map with a 'routes' list (and optionally 'apis', 'versions' and 'backends')");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        try {
            for (Map.Entry<String, String> section : SECTIONS.entrySet()) {
                Object entries = root.get(section.getKey());
                if (entries == null) {
                    continue;
                }
                if (!(entries instanceof List<?> list)) {
                    throw new IOException(name + ": '" + section.getKey() + "' must be a list");
                }
                for (Object entry : list) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    if (entry instanceof Map<?, ?> map) {
                        map.forEach((key, value) -> item.put(String.valueOf(key), substitute(value)));
                    }
                    item.put("kind", section.getValue());
                    items.add(item);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return items;
    }

    @Override
    public String describe() {
        return name;
    }

    private static Map<String, String> orderedSections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("routes", ItemKind.ROUTE.value());
        sections.put("apis", ItemKind.API.value());
        sections.put("versions", ItemKind.VERSION.value());
        sections.put("backends", ItemKind.BACKEND.value());
        return java.util.Collections.unmodifiableMap(sections);
    }

    private Object substitute(Object value) {
        if (value instanceof String text && text.contains("${")) {
            Matcher matcher = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String replacement = variables.get(matcher.group(1));
                if (replacement == null) {
                    throw new UncheckedIOException(new IOException(name + " uses ${" + matcher.group(1) + "}, which is not set"));
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            return matcher.appendTail(out).toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::substitute).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> substituted = new LinkedHashMap<>();
            map.forEach((key, element) -> substituted.put(String.valueOf(key), substitute(element)));
            return substituted;
        }
        return value;
    }
}
