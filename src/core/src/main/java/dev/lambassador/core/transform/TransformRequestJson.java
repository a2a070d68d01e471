package dev.lambassador.core.transform;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.apigw.MediaTypes;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "transformRequestJson", "args": {"operations": [...]}}}: reshapes a JSON request body
 * before the backend gets it ({@link JsonOperations}). Bodies of other content types, and empty ones,
 * pass byte for byte; a body that says it is JSON and is not is a 400.
 */
public final class TransformRequestJson implements FilterFactory {

    /** Lambda takes at most 6 MB of request; a transform must not make a body the backend could never have been sent. */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    @Override
    public String name() {
        return "transformRequestJson";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("operations"), problems);
        JsonOperations operations = JsonOperations.parse(args, problems);
        if (operations == null) {
            return null;
        }
        return (request, chain) -> {
            if (request.body().length == 0 || !MediaTypes.isJson(request.headers().first("Content-Type").orElse(null))) {
                return chain.proceed(request);
            }
            byte[] body;
            try {
                body = operations.apply(request.body(), request, chain.exchange());
            } catch (JsonOperations.NotJson e) {
                throw GatewayException.badRequest("request body is not valid JSON, and this route transforms it");
            }
            if (body.length > MAX_BODY_BYTES) {
                throw new GatewayException(413, "request body is larger than " + MAX_BODY_BYTES + " bytes once transformed");
            }
            GatewayRequest transformed = request.withBody(body);
            return chain.proceed(transformed);
        };
    }
}
