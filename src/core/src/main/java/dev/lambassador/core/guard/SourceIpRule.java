package dev.lambassador.core.guard;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.util.List;
import java.util.Map;

/**
 * A route's or an API's {@code allowFrom} and {@code denyFrom} lists, compiled: which source addresses
 * may call it. The address is the one API Gateway reports ({@code requestContext.identity.sourceIp} in
 * REST APIs, {@code requestContext.http.sourceIp} in HTTP APIs), never {@code X-Forwarded-For}, which a
 * client writes. A request is refused with 403 when its address is in {@code denyFrom}, or when
 * {@code allowFrom} is given and its address is not in it: deny wins. A request whose source address is
 * missing or unreadable is refused by any list, since nothing shows it is not a denied one.
 */
public final class SourceIpRule {

    public static final SourceIpRule NONE = new SourceIpRule(null, AddressRanges.NONE);

    /** Null when every address may call, as opposed to an allow-list that names none. */
    private final AddressRanges allow;
    private final AddressRanges deny;

    private SourceIpRule(AddressRanges allow, AddressRanges deny) {
        this.allow = allow;
        this.deny = deny;
    }

    /**
     * Reads and checks {@code allowFrom} and {@code denyFrom} of an item.
     *
     * @return the lists as written (each null when absent), for the definition to keep
     */
    public static Lists read(Map<String, ?> item, Problems problems) {
        List<String> allowFrom = Items.strings(item, "allowFrom", problems);
        List<String> denyFrom = Items.strings(item, "denyFrom", problems);
        if (allowFrom != null && allowFrom.isEmpty()) {
            problems.add("allowFrom", "must name at least one address or block; leave it out to allow every address");
        } else if (allowFrom != null) {
            AddressRanges.parse(allowFrom, problems.at("allowFrom"));
        }
        if (denyFrom != null) {
            AddressRanges.parse(denyFrom, problems.at("denyFrom"));
        }
        return new Lists(allowFrom == null ? List.of() : allowFrom, denyFrom == null ? List.of() : denyFrom);
    }

    /** {@code allowFrom} and {@code denyFrom} as written; empty when absent. */
    public record Lists(List<String> allowFrom, List<String> denyFrom) {
        public static final Lists NONE = new Lists(List.of(), List.of());

        public Lists {
            allowFrom = List.copyOf(allowFrom);
            denyFrom = List.copyOf(denyFrom);
        }
    }

    /**
     * Compiles lists already checked by {@link #read}.
     *
     * @param allowFrom empty when every address may call
     * @throws IllegalArgumentException when a block is not valid
     */
    public static SourceIpRule compile(List<String> allowFrom, List<String> denyFrom) {
        if (allowFrom.isEmpty() && denyFrom.isEmpty()) {
            return NONE;
        }
        return new SourceIpRule(allowFrom.isEmpty() ? null : AddressRanges.of(allowFrom.toArray(String[]::new)),
                AddressRanges.of(denyFrom.toArray(String[]::new)));
    }

    /** Whether every address may call. */
    public boolean allowsAll() {
        return this == NONE;
    }

    /** @throws GatewayException 403 when the request's source address may not call */
    public void check(GatewayRequest request) {
        if (this == NONE) {
            return;
        }
        String sourceIp = request.sourceIp();
        int zone = sourceIp.indexOf('%');
        IpAddress source = IpAddress.parse(zone < 0 ? sourceIp : sourceIp.substring(0, zone));
        if (source == null) {
            throw new GatewayException(403, "requests without a readable source address are not accepted here");
        }
        if (deny.contains(source) || allow != null && !allow.contains(source)) {
            throw new GatewayException(403, "requests from " + source + " are not accepted here", Headers.EMPTY,
                    Map.of("sourceIp", source.toString()), null);
        }
    }
}
