package dev.lambassador.core.auth;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import dev.lambassador.core.route.PercentCoding;
import dev.lambassador.core.route.RouteDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The route-level half of authorization. The authorizer only establishes who is calling and
 * allows the whole stage, so that API Gateway's cached decision holds for every route; this
 * filter then checks the matched route's {@code auth} and {@code scopes} against that caller.
 * Anonymous or the wrong kind of credential is 401, missing scopes 403.
 *
 * <p>It also tells the backend who is calling, in headers a client can never set itself (nor
 * remove, by naming them in {@code Connection}, nor imitate with {@code _} for {@code -}, which
 * CGI-style servers read as the same name), and keeps the API key, a gateway credential, from
 * reaching the backend. Values outside visible ASCII, and '%', are percent-encoded (UTF-8).
 */
public final class AuthFilter implements Filter {

    /** Headers carrying the caller to the backend; copies sent by the client are removed first. */
    public static final String SUBJECT_HEADER = "X-Authenticated-Subject";
    public static final String SCOPES_HEADER = "X-Authenticated-Scopes";
    public static final String CONSUMER_HEADER = "X-Consumer-Id";
    public static final String PLAN_HEADER = "X-Consumer-Plan";
    public static final String ISSUER_HEADER = "X-Authenticated-Issuer";
    /** How the caller authenticated: {@code jwt} or {@code apiKey}. */
    public static final String VIA_HEADER = "X-Authenticated-Via";
    public static final String API_KEY_HEADER = "X-Api-Key";
    private static final Set<String> GATEWAY_HEADERS = Set.of(SUBJECT_HEADER, SCOPES_HEADER, CONSUMER_HEADER, PLAN_HEADER,
            ISSUER_HEADER, VIA_HEADER, API_KEY_HEADER).stream().map(AuthFilter::normalized).collect(Collectors.toSet());

    private final RouteAuth defaultAuth;

    /** @param defaultAuth what routes without an {@code auth} attribute require; not {@link RouteAuth#DEFAULT} */
    public AuthFilter(RouteAuth defaultAuth) {
        if (Objects.requireNonNull(defaultAuth, "defaultAuth") == RouteAuth.DEFAULT) {
            throw new IllegalArgumentException("the deployment's default must be one of " + RouteAuth.choices());
        }
        this.defaultAuth = defaultAuth;
    }

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        RouteDefinition route = chain.exchange().route().definition();
        RouteAuth auth = required(route);
        Caller caller = chain.exchange().caller();
        if (!auth.accepts(caller)) {
            throw new GatewayException(401, "this route needs " + auth.needs(), challenge(auth, ""), null);
        }
        Set<String> missing = new TreeSet<>(route.scopes());
        missing.removeAll(caller.scopes());
        if (!missing.isEmpty()) {
            throw new GatewayException(403, (missing.size() == 1 ? "missing scope " : "missing scopes ") + String.join(", ", missing),
                    challenge(auth, "error=\"insufficient_scope\", scope=\"" + String.join(" ", route.scopes()) + "\""), null);
        }
        return chain.proceed(withCallerHeaders(request, caller));
    }

    /** A route's requirement with the deployment default applied; scopes always need a caller. */
    private RouteAuth required(RouteDefinition route) {
        RouteAuth auth = route.auth() == RouteAuth.DEFAULT ? defaultAuth : route.auth();
        return auth == RouteAuth.NONE && !route.scopes().isEmpty() ? RouteAuth.ANY : auth;
    }

    /** RFC 6750's challenge, when a bearer token is one of the ways in. */
    private static Headers challenge(RouteAuth auth, String parameters) {
        if (auth != RouteAuth.JWT && auth != RouteAuth.ANY) {
            return Headers.EMPTY;
        }
        return Headers.of("WWW-Authenticate", parameters.isEmpty() ? "Bearer" : "Bearer " + parameters);
    }

    private static GatewayRequest withCallerHeaders(GatewayRequest request, Caller caller) {
        Headers.Builder headers = Headers.builder();
        request.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Connection")) {
                List<String> tokens = values.stream().flatMap(value -> Arrays.stream(value.split(",")))
                        .map(String::trim).filter(token -> !token.isEmpty() && !GATEWAY_HEADERS.contains(normalized(token))).toList();
                if (!tokens.isEmpty()) {
                    headers.set(name, String.join(", ", tokens));
                }
            } else if (!GATEWAY_HEADERS.contains(normalized(name))) {
                headers.addAll(name, values);
            }
        });
        if (caller.authenticated()) {
            headers.set(SUBJECT_HEADER, PercentCoding.encodeHeaderValue(caller.subject()));
            headers.set(SCOPES_HEADER, caller.scopes().stream().map(PercentCoding::encodeHeaderValue).collect(Collectors.joining(" ")));
            headers.set(CONSUMER_HEADER, PercentCoding.encodeHeaderValue(caller.consumer()));
            headers.set(VIA_HEADER, caller.kind().contextValue());
            if (!caller.issuer().isEmpty()) {
                headers.set(ISSUER_HEADER, PercentCoding.encodeHeaderValue(caller.issuer()));
            }
            if (!caller.plan().isEmpty()) {
                headers.set(PLAN_HEADER, PercentCoding.encodeHeaderValue(caller.plan()));
            }
        }
        return request.withHeaders(headers.build());
    }

    /** Whether the gateway owns this header (in any spelling a backend would read as it): no client or filter may set it. */
    public static boolean isGatewayHeader(String name) {
        return GATEWAY_HEADERS.contains(normalized(name));
    }

    /** CGI, WSGI, Rack and PHP read {@code X_Consumer_Id} as {@code X-Consumer-Id}. */
    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
