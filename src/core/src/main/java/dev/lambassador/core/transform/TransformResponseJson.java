package dev.lambassador.core.transform;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.apigw.MediaTypes;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "transformResponseJson", "args": {"operations": [...]}}}: reshapes the backend's JSON
 * answer before the client gets it ({@link JsonOperations}). The request goes without
 * {@code Accept-Encoding}, so that the answer comes uncompressed; answers of other content types, and
 * empty ones, pass byte for byte; an answer that says it is JSON and is not is a 502, as is one that
 * outgrows what a Lambda response can carry.
 */
public final class TransformResponseJson implements FilterFactory {

    @Override
    public String name() {
        return "transformResponseJson";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("operations"), problems);
        JsonOperations operations = JsonOperations.parse(args, problems);
        if (operations == null) {
            return null;
        }
        return (request, chain) -> {
            GatewayResponse response = chain.proceed(request.headers().contains("Accept-Encoding")
                    ? request.withHeaders(request.headers().toBuilder().remove("Accept-Encoding").build())
                    : request);
            if (response.body().length == 0 || !MediaTypes.isJson(response.headers().first("Content-Type").orElse(null))) {
                return response;
            }
            String encoding = response.headers().first("Content-Encoding").orElse("identity");
            if (!encoding.equalsIgnoreCase("identity")) {
                throw new GatewayException(502, "backend answer is " + encoding + "-encoded, and this route transforms it");
            }
            byte[] body;
            try {
                body = operations.apply(response.body(), request, chain.exchange());
            } catch (JsonOperations.NotJson e) {
                throw new GatewayException(502, "backend answer is not valid JSON, and this route transforms it");
            }
            if (body.length > HttpForwarder.MAX_RESPONSE_BODY_BYTES) {
                throw new GatewayException(502, "backend answer is too large for the gateway once transformed", Headers.EMPTY, null);
            }
            return new GatewayResponse(response.status(), response.headers(), body);
        };
    }
}
