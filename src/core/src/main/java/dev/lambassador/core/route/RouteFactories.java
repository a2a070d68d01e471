package dev.lambassador.core.route;

import dev.lambassador.core.backend.Backends;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.predicate.ValuePredicates;
import dev.lambassador.core.transform.AddQueryParameter;
import dev.lambassador.core.transform.AddRequestHeader;
import dev.lambassador.core.transform.MapStatus;
import dev.lambassador.core.transform.PrefixPath;
import dev.lambassador.core.transform.RemoveQueryParameter;
import dev.lambassador.core.transform.RemoveRequestHeader;
import dev.lambassador.core.transform.RemoveResponseHeader;
import dev.lambassador.core.transform.RenameQueryParameter;
import dev.lambassador.core.transform.RenameRequestHeader;
import dev.lambassador.core.transform.RewritePath;
import dev.lambassador.core.transform.SetQueryParameter;
import dev.lambassador.core.transform.SetRequestHeader;
import dev.lambassador.core.transform.SetResponseHeader;
import dev.lambassador.core.transform.StripPrefix;
import dev.lambassador.core.transform.TransformRequestJson;
import dev.lambassador.core.transform.TransformResponseJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registries an item is compiled with: match conditions by attribute, filters by name, backends
 * by type. Adding a kind of predicate, filter or backend is one class and one line in
 * {@link #DEFAULT}. The order of {@link #predicates()} is also their precedence: among routes with
 * the same path and method, more conditions of an earlier kind win (see {@link RouteTable}).
 */
public record RouteFactories(List<PredicateFactory> predicates, Map<String, FilterFactory> filters, Backends backends) {

    public static final RouteFactories DEFAULT = new RouteFactories(
            List.of(ValuePredicates.HEADERS, ValuePredicates.QUERY),
            byName(List.of(
                    new SetRequestHeader(), new AddRequestHeader(), new RemoveRequestHeader(), new RenameRequestHeader(),
                    new SetResponseHeader(), new RemoveResponseHeader(),
                    new StripPrefix(), new PrefixPath(), new RewritePath(),
                    new SetQueryParameter(), new AddQueryParameter(), new RemoveQueryParameter(), new RenameQueryParameter(),
                    new TransformRequestJson(), new TransformResponseJson(),
                    new MapStatus())),
            Backends.DEFAULT);

    public RouteFactories {
        predicates = List.copyOf(predicates);
        filters = Map.copyOf(filters);
    }

    public Optional<FilterFactory> filter(String name) {
        return Optional.ofNullable(filters.get(name));
    }

    /** The same registries with one more filter. */
    public RouteFactories withFilter(FilterFactory factory) {
        Map<String, FilterFactory> copy = new LinkedHashMap<>(filters);
        copy.put(factory.name(), factory);
        return new RouteFactories(predicates, copy, backends);
    }

    /** The same registries with one more kind of condition, after the others in precedence. */
    public RouteFactories withPredicate(PredicateFactory factory) {
        List<PredicateFactory> copy = new ArrayList<>(predicates);
        copy.add(factory);
        return new RouteFactories(copy, filters, backends);
    }

    public RouteFactories withBackends(Backends value) {
        return new RouteFactories(predicates, filters, value);
    }

    private static Map<String, FilterFactory> byName(List<FilterFactory> factories) {
        Map<String, FilterFactory> map = new LinkedHashMap<>();
        factories.forEach(factory -> map.put(factory.name(), factory));
        return map;
    }
}
