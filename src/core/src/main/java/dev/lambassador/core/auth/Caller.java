package dev.lambassador.core.auth;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling, as the authorizer established it. The authorizer writes it into its context
 * ({@link #toContext()}); API Gateway hands that context to the router in
 * {@code requestContext.authorizer}, where {@link #fromContext} reads it back. Anything missing
 * or unknown reads as {@link #ANONYMOUS}, so a router without an authorizer in front fails closed.
 *
 * @param kind      how the caller proved who they are
 * @param subject   the token's {@code sub}, or the consumer id for an API key; empty when anonymous
 * @param consumer  the client application: an API key's consumer, or a token's {@code client_id}/{@code azp}
 * @param scopes    what the caller may do
 * @param plan      the consumer's usage plan, or empty
 * @param issuer    the token's {@code iss}, or empty; a {@code sub} is only unique within its issuer
 */
public record Caller(Kind kind, String subject, String consumer, Set<String> scopes, String plan, String issuer) {

    /** Context keys, as they appear under {@code requestContext.authorizer}. */
    public static final String AUTH = "auth";
    public static final String SUBJECT = "subject";
    public static final String CONSUMER = "consumer";
    public static final String SCOPES = "scopes";
    public static final String PLAN = "plan";
    public static final String ISSUER = "issuer";

    public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "", "", Set.of(), "", "");

    /** How a caller authenticated; {@link #contextValue()} is the value of the {@code auth} context key. */
    public enum Kind {
        ANONYMOUS("anonymous"), JWT("jwt"), API_KEY("apiKey");

        private final String contextValue;

        Kind(String contextValue) {
            this.contextValue = contextValue;
        }

        public String contextValue() {
            return contextValue;
        }
    }

    public Caller {
        Objects.requireNonNull(kind, "kind");
        subject = subject == null ? "" : subject;
        consumer = consumer == null ? "" : consumer;
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes == null ? Set.of() : scopes));
        plan = plan == null ? "" : plan;
        issuer = issuer == null ? "" : issuer;
    }

    public boolean authenticated() {
        return kind != Kind.ANONYMOUS;
    }

    /** The principal API Gateway logs and caches under: the subject, or {@code anonymous}. */
    public String principalId() {
        return authenticated() ? subject : Kind.ANONYMOUS.contextValue();
    }

    /** The authorizer context: flat strings, as API Gateway requires. Scopes are space-separated, as in OAuth. */
    public Map<String, String> toContext() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(AUTH, kind.contextValue());
        context.put(SUBJECT, subject);
        context.put(CONSUMER, consumer);
        context.put(SCOPES, String.join(" ", scopes));
        context.put(PLAN, plan);
        context.put(ISSUER, issuer);
        return context;
    }

    /** Reads a caller back from a flattened authorizer context; see {@link dev.lambassador.core.GatewayRequest#authorizer()}. */
    public static Caller fromContext(Map<String, String> context) {
        String auth = context.getOrDefault(AUTH, "");
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.contextValue.equals(auth)).findFirst().orElse(Kind.ANONYMOUS);
        String subject = context.getOrDefault(SUBJECT, "");
        if (kind == Kind.ANONYMOUS || subject.isEmpty()) {
            return ANONYMOUS;
        }
        Set<String> scopes = new TreeSet<>();
        for (String scope : context.getOrDefault(SCOPES, "").split(" ")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        return new Caller(kind, subject, context.get(CONSUMER), scopes, context.get(PLAN), context.get(ISSUER));
    }
}
