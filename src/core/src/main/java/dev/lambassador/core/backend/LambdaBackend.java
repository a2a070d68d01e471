package dev.lambassador.core.backend;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda function invoked directly, for backends that are functions themselves:
 * {@code {"type": "lambda", "function": "orders-api", "qualifier": "live"}}. The function gets the
 * API Gateway proxy event of the request as the route's filters left it and answers with a proxy
 * response, as it would behind API Gateway; {@link LambdaForwarder} calls it.
 *
 * @param function  a function name ({@code orders-api}), a partial ARN ({@code 123456789012:function:orders-api})
 *                  or an ARN, as Lambda's Invoke takes it
 * @param qualifier a version or alias, or empty for the one the function names ({@code $LATEST} unless it has one)
 * @param payload   the event format the function reads: REST API (1.0, the default) or HTTP API (2.0)
 */
public record LambdaBackend(String function, String qualifier, PayloadVersion payload) implements Backend {

    public static final String TYPE = "lambda";

    /** Lambda's own pattern for a function name, partial ARN or ARN, with an optional qualifier. */
    private static final Pattern FUNCTION = Pattern.compile(
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d:)?(\\d{12}:)?(function:)?"
                    + "([a-zA-Z0-9_-]{1,64})(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?");
    private static final Pattern QUALIFIER = Pattern.compile("\\$LATEST|[a-zA-Z0-9_-]{1,128}");
    /** An ARN or partial ARN may be longer than a name, but never longer than this. */
    private static final int MAX_FUNCTION_LENGTH = 170;

    @Override
    public String type() {
        return TYPE;
    }

    /** The function's name alone, without ARN parts or qualifier: what an IAM naming prefix is matched against. */
    public String functionName() {
        Matcher matcher = FUNCTION.matcher(function);
        return matcher.matches() ? matcher.group(10) : function;
    }

    /** {@code {"type": "lambda", "function": NAME-or-ARN, "qualifier": VERSION-or-ALIAS, "payload": "1.0" or "2.0"}}. */
    public static final class Factory implements BackendFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Backend create(Map<String, Object> args, PathTemplate template, Backends backends, Problems problems) {
            Items.refuseUnknown(args, Set.of("type", "function", "qualifier", "payload"), "", problems);
            String function = Items.requiredString(args, "function", problems);
            String qualifier = Items.string(args, "qualifier", problems);
            String payload = Items.string(args, "payload", problems);
            Matcher matcher = function == null ? null : FUNCTION.matcher(function.strip());
            if (matcher != null && (function.strip().length() > MAX_FUNCTION_LENGTH || !matcher.matches())) {
                problems.add("function", "must be a function name (1 to 64 of A-Z a-z 0-9 - _), a partial ARN"
                        + " (123456789012:function:NAME) or an ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME), was '" + function + "'");
                matcher = null;
            }
            if (qualifier != null && !QUALIFIER.matcher(qualifier.strip()).matches()) {
                problems.add("qualifier", "must be a version number, an alias (1 to 128 of A-Z a-z 0-9 - _) or $LATEST, was '"
                        + qualifier + "'");
            } else if (qualifier != null && matcher != null && matcher.group(11) != null) {
                problems.add("qualifier", "the function '" + function + "' names its qualifier already; give it in one place");
            }
            PayloadVersion version = PayloadVersion.V1;
            if (payload != null) {
                try {
                    version = PayloadVersion.parse(payload, "payload");
                } catch (IllegalArgumentException e) {
                    problems.add("payload", "must be 1.0 (REST API events, the default) or 2.0 (HTTP API events), was '" + payload + "'");
                }
            }
            if (function == null || matcher == null) {
                return null;
            }
            return new LambdaBackend(function.strip(), qualifier == null ? "" : qualifier.strip(), version);
        }
    }
}
