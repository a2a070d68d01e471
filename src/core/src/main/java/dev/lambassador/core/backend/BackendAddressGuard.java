package dev.lambassador.core.backend;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.Headers;
import dev.lambassador.core.guard.AddressRanges;
import dev.lambassador.core.guard.IpAddress;
import dev.lambassador.core.settings.FunctionSettings;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which backend hosts the http client may call, judged on the addresses a host resolves to, just
 * before the call. Backend URLs come only from route, version and API items, never from a request;
 * this guard limits what an item (or a mistake in one) can reach:
 *
 * <ul>
 * <li>never the unspecified address ({@code 0.0.0.0/8}, {@code ::}), which reaches the host itself, nor
 *     link-local addresses ({@code 169.254.0.0/16}, {@code fe80::/10}) and AWS's instance services
 *     ({@code fd00:ec2::/64}), where the metadata services answer ({@code 169.254.169.254},
 *     {@code fd00:ec2::254}, ECS's {@code 169.254.170.2}); also when an IPv6 address carries one of them
 *     as NAT64 ({@code 64:ff9b::/96}) or IPv4-compatible ({@code ::/96}) would deliver it;</li>
 * <li>loopback ({@code 127.0.0.0/8}, {@code ::1}) only when allowed: in Lambda it is where the runtime
 *     API and extensions listen, locally it is where backends run;</li>
 * <li>with an allow-list, only the hosts it names: exact names or IP literals, or {@code *.example.internal}
 *     for any name under that domain.</li>
 * </ul>
 *
 * A name is resolved through the JVM's address cache, which the HTTP client reads right after, so the
 * check and the connection see the same addresses; docs/reliability.md says what remains. A refusal
 * is a 502 naming the reason, not the host or address, which go to the log.
 */
public final class BackendAddressGuard {

    private static final Logger LOG = System.getLogger(BackendAddressGuard.class.getName());
    private static final Pattern NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** Why a backend was refused: the {@code reason} of the 502's body. */
    public enum Refusal {
        UNSPECIFIED("unspecified-address", "its host is or resolves to the unspecified address"),
        LINK_LOCAL("link-local-address", "its host is or resolves to a link-local or cloud metadata address"),
        LOOPBACK("loopback-address", "its host is or resolves to a loopback address, which this deployment does not allow"),
        HOST_NOT_ALLOWED("host-not-allowed", "its host is not one of the deployment's allowed backend hosts"),
        UNRESOLVED("unresolved-host", "its host does not resolve");

        private final String reason;
        private final String description;

        Refusal(String reason, String description) {
            this.reason = reason;
            this.description = description;
        }

        public String reason() {
            return reason;
        }

        String description() {
            return description;
        }
    }

    private static final AddressRanges UNSPECIFIED = AddressRanges.of("0.0.0.0/8", "::/128");
    private static final AddressRanges LINK_LOCAL = AddressRanges.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::/64");
    private static final AddressRanges LOOPBACK = AddressRanges.of("127.0.0.0/8", "::1/128");

    /** Looks a host up; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Every host, loopback refused: the router's default. */
    public static final BackendAddressGuard DEFAULT = new BackendAddressGuard(List.of(), false, InetAddress::getAllByName);
    /** Every host, loopback allowed: for local runs and tests, whose backends listen on loopback. */
    public static final BackendAddressGuard LOOPBACK_ALLOWED = new BackendAddressGuard(List.of(), true, InetAddress::getAllByName);

    private final List<String> allowedHosts;
    private final String[] exactHosts;
    private final Set<IpAddress> exactAddresses;
    /** {@code .example.internal} for {@code *.example.internal}. */
    private final String[] domainSuffixes;
    private final boolean allowLoopback;
    private final Resolver resolver;

    BackendAddressGuard(List<String> allowedHosts, boolean allowLoopback, Resolver resolver) {
        this.allowedHosts = List.copyOf(allowedHosts);
        List<String> exact = new ArrayList<>();
        Set<IpAddress> addresses = new HashSet<>();
        List<String> suffixes = new ArrayList<>();
        for (String entry : allowedHosts) {
            String host = normalizedPattern(entry);
            IpAddress literal = IpAddress.parse(host);
            if (literal != null) {
                addresses.add(literal);
            } else if (host.startsWith("*.")) {
                suffixes.add(host.substring(1));
            } else {
                exact.add(host);
            }
        }
        this.exactHosts = exact.toArray(String[]::new);
        this.exactAddresses = Set.copyOf(addresses);
        this.domainSuffixes = suffixes.toArray(String[]::new);
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /**
     * @param allowedHosts exact host names or IP literals, or {@code *.domain}; empty for every host
     * @param allowLoopback whether backends on loopback addresses may be called
     * @throws IllegalArgumentException naming an entry that is neither
     */
    public static BackendAddressGuard of(List<String> allowedHosts, boolean allowLoopback) {
        return new BackendAddressGuard(allowedHosts, allowLoopback, InetAddress::getAllByName);
    }

    /**
     * The guard an environment's {@code BACKEND_ALLOWED_HOSTS} and {@code BACKEND_ALLOW_LOOPBACK} ask for.
     *
     * @throws IllegalArgumentException naming the variable whose value is wrong
     */
    public static BackendAddressGuard fromSettings(Map<String, String> environment) {
        return of(FunctionSettings.BACKEND_ALLOWED_HOSTS.read(environment), FunctionSettings.BACKEND_ALLOW_LOOPBACK.read(environment));
    }

    /**
     * An allowed-hosts entry in the form it is compared in: lower case, without a trailing dot, IPv6
     * literals without brackets and in their canonical text.
     *
     * @throws IllegalArgumentException when it is not a host name, an IP literal or {@code *.domain}
     */
    static String normalizedPattern(String entry) {
        String host = entry.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        IpAddress literal = IpAddress.parse(host);
        if (literal != null) {
            return literal.toString();
        }
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + entry + "' is not a host name, an IP address or *.domain");
        }
        return host;
    }

    public List<String> allowedHosts() {
        return allowedHosts;
    }

    public boolean allowsLoopback() {
        return allowLoopback;
    }

    /**
     * Why an IP literal in a backend URL can never be called, whatever the deployment allows, for item
     * validation; null when it is not a literal or may be called in some deployment.
     */
    public static Refusal refusedLiteral(String urlHost) {
        IpAddress literal = IpAddress.parse(unbracketed(urlHost));
        if (literal == null) {
            return null;
        }
        Refusal refusal = refusal(literal, true);
        return refusal == Refusal.LOOPBACK ? null : refusal;
    }

    /**
     * Checks a backend's host and every address it resolves to.
     *
     * @param urlHost   the host of the URL about to be called, IPv6 literals in brackets
     * @param requestId for the log line of a refusal
     * @throws GatewayException 502 naming the {@link Refusal}
     */
    public void check(String urlHost, String requestId) {
        String host = unbracketed(urlHost).toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!hostAllowed(host)) {
            throw refused(Refusal.HOST_NOT_ALLOWED, urlHost, null, requestId);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refused(Refusal.UNRESOLVED, urlHost, null, requestId);
        }
        // Every address, not the first: the client may connect to any of them.
        for (InetAddress address : addresses) {
            IpAddress ip = IpAddress.of(address);
            Refusal refusal = refusal(ip, allowLoopback);
            if (refusal != null) {
                throw refused(refusal, urlHost, ip, requestId);
            }
        }
    }

    private boolean hostAllowed(String host) {
        if (exactHosts.length == 0 && domainSuffixes.length == 0 && exactAddresses.isEmpty()) {
            return true;
        }
        IpAddress literal = IpAddress.parse(host);
        if (literal != null) {
            return exactAddresses.contains(literal);
        }
        for (String exact : exactHosts) {
            if (exact.equals(host)) {
                return true;
            }
        }
        for (String suffix : domainSuffixes) {
            if (host.endsWith(suffix) && host.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    private static Refusal refusal(IpAddress address, boolean allowLoopback) {
        Refusal own = ownRefusal(address, allowLoopback);
        if (own != null) {
            return own;
        }
        IpAddress embedded = address.embeddedIpv4();
        return embedded == null ? null : ownRefusal(embedded, allowLoopback);
    }

    private static Refusal ownRefusal(IpAddress address, boolean allowLoopback) {
        if (UNSPECIFIED.contains(address)) {
            return Refusal.UNSPECIFIED;
        }
        if (LINK_LOCAL.contains(address)) {
            return Refusal.LINK_LOCAL;
        }
        if (!allowLoopback && LOOPBACK.contains(address)) {
            return Refusal.LOOPBACK;
        }
        return null;
    }

    private static GatewayException refused(Refusal refusal, String host, IpAddress address, String requestId) {
        LOG.log(Level.WARNING, "request {0}: backend host {1}{2} refused: {3}", requestId, host,
                address == null ? "" : " (" + address + ")", refusal.reason());
        return new GatewayException(502, "the route's backend was not called: " + refusal.description(), Headers.EMPTY,
                Map.of("reason", refusal.reason()), null);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return "BackendAddressGuard[allowedHosts=" + allowedHosts + ", allowLoopback=" + allowLoopback + "]";
    }
}
