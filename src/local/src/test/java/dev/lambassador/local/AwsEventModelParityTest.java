package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.authorizer.AuthorizerConfig;
import dev.lambassador.authorizer.AuthorizerHandler;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Lambassador emits and accepts matches AWS's own Java model of API Gateway's events, field for
 * field: the local gateway's events and the functions' answers, as real requests produce them, are
 * read into {@code aws-lambda-java-events}' types with the serializer Lambda's Java runtime uses for
 * typed handlers, written back with it, and must come out as they went in. A field Lambassador names
 * or types differently from AWS's model would be dropped or changed on the way, and fail here.
 */
class AwsEventModelParityTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path home;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<Invocation> routerCalls = new ArrayList<>();
    private final List<Invocation> authorizerCalls = new ArrayList<>();

    /** One invocation of a function: the event it was given and what it answered. */
    private record Invocation(byte[] event, byte[] answer) {
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : started.reversed()) {
            resource.close();
        }
    }

    private static RequestStreamHandler recording(RequestStreamHandler function, List<Invocation> calls) {
        return (input, output, context) -> {
            byte[] event = input.readAllBytes();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            function.handleRequest(new ByteArrayInputStream(event), answer, context);
            synchronized (calls) {
                calls.add(new Invocation(event, answer.toByteArray()));
            }
            output.write(answer.toByteArray());
        };
    }

    /** The dev gateway's parts, with both functions recorded, on the embedded demo routes. */
    private URI start(PayloadVersion payload) throws Exception {
        DevIdentity identity = DevIdentity.loadOrCreate(home);
        EchoBackend echo = EchoBackend.start();
        started.add(echo);
        JwksServer jwks = JwksServer.start(identity.jwks());
        started.add(jwks);
        AuthorizerHandler authorizer = new AuthorizerHandler(AuthorizerConfig.builder()
                .issuer(DevIdentity.ISSUER, jwks.uri())
                .audiences(DevIdentity.AUDIENCE)
                .apiKeys(LocalApiKeyStore.inHome(Map.of("LAMBASSADOR_HOME", home.toString())))
                .build(), TelemetrySink.NONE);
        RouterHandler router = new RouterHandler(new RouterConfig(
                YamlRouteSource.resource(DevServer.EMBEDDED_ROUTES, Map.of("ECHO_URL", echo.uri().toString(),
                        "GRPC_TARGET", "127.0.0.1:9")), Duration.ofHours(1))
                .withDefaultAuth(RouteAuth.ANY).withBackendGuard(BackendAddressGuard.LOOPBACK_ALLOWED), TelemetrySink.NONE);
        LocalApiGateway gateway = LocalApiGateway.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                recording(router, routerCalls),
                new LocalAuthorizer(recording(authorizer, authorizerCalls), List.of(), Duration.ZERO), payload, null);
        started.add(gateway);
        String token = identity.mint("ann", Set.of("orders:read"), Duration.ofMinutes(5), "web-app");
        send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/orders/42?expand=items&expand=customer&q=a%20b"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("X-Tag", "one")
                .header("Cookie", "session=s1; theme=dark"));
        send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/echo/upload"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, (byte) 0xff, 0x10, 'x'})));
        send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/whoami")));
        return gateway.uri();
    }

    private static void send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 401);
    }

    /** Reads JSON into AWS's type with Lambda's own serializer, and writes it back with it: nothing may change. */
    private static <T> void assertRoundTrips(byte[] json, Class<T> type) throws Exception {
        assertThat(throughAwsModel(json, type)).as(description(json, type)).isEqualTo(withoutNulls(JSON.std.anyFrom(json)));
    }

    /**
     * For AWS's authorizer event types, which model less than API Gateway sends (no
     * {@code multiValueHeaders} in the REST one, say): every field the type has reads what was sent.
     *
     * @param typedByAws fields the type converts to its own value types (a date), which read but write back differently
     */
    private static <T> void assertReadsAsSent(byte[] json, Class<T> type, String... typedByAws) throws Exception {
        Object sent = withoutNulls(JSON.std.anyFrom(json));
        Object read = throughAwsModel(json, type);
        assertContained(read, sent, "", Set.of(typedByAws), description(json, type));
    }

    /**
     * AWS's type for a REST authorizer's answer can be written but not read (its policy document
     * reads {@code statement}, and API Gateway's JSON says {@code Statement}), so the answer is built
     * again from its values as a typed Java handler would, written with Lambda's serializer, and
     * compared. The one difference IAM allows: a single {@code Resource} may be a string, which AWS's
     * type always writes as a list.
     */
    @SuppressWarnings("unchecked")
    private static void assertWrittenAsAwsWouldWrite(byte[] answer) throws Exception {
        Map<String, Object> sent = JSON.std.mapFrom(answer);
        Map<String, Object> policy = (Map<String, Object>) sent.get("policyDocument");
        List<IamPolicyResponseV1.Statement> statements = new ArrayList<>();
        for (Map<String, Object> statement : (List<Map<String, Object>>) policy.get("Statement")) {
            Object resource = statement.get("Resource");
            statement.put("Resource", resource instanceof String single ? List.of(single) : resource);
            statements.add(IamPolicyResponseV1.Statement.builder().withAction((String) statement.get("Action"))
                    .withEffect((String) statement.get("Effect")).withResource((List<String>) statement.get("Resource")).build());
        }
        IamPolicyResponseV1 typed = IamPolicyResponseV1.builder()
                .withPrincipalId((String) sent.get("principalId"))
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder().withVersion((String) policy.get("Version"))
                        .withStatement(statements).build())
                .withContext((Map<String, Object>) sent.get("context"))
                .withUsageIdentifierKey((String) sent.get("usageIdentifierKey"))
                .build();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(IamPolicyResponseV1.class, AwsEventModelParityTest.class.getClassLoader())
                .toJson(typed, written);

        assertThat(withoutNulls(JSON.std.anyFrom(written.toByteArray()))).as(new String(answer, StandardCharsets.UTF_8))
                .isEqualTo(withoutNulls(sent));
    }

    private static <T> Object throughAwsModel(byte[] json, Class<T> type) throws Exception {
        PojoSerializer<T> serializer = LambdaEventSerializers.serializerFor(type, AwsEventModelParityTest.class.getClassLoader());
        T read = serializer.fromJson(new ByteArrayInputStream(json));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        serializer.toJson(read, written);
        return withoutNulls(JSON.std.anyFrom(written.toByteArray()));
    }

    private static String description(byte[] json, Class<?> type) {
        return new String(json, StandardCharsets.UTF_8) + " read into " + type.getSimpleName() + " and written back";
    }

    private static void assertContained(Object read, Object sent, String path, Set<String> typedByAws, String description) {
        if (read instanceof Map<?, ?> fields && sent instanceof Map<?, ?> sentMap) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> sentFields = (Map<Object, Object>) sentMap;
            fields.forEach((name, value) -> {
                String field = path + "/" + name;
                assertThat(sentFields).as(description + ": " + field).containsKey(name);
                if (!typedByAws.contains(field)) {
                    assertContained(value, sentFields.get(name), field, typedByAws, description);
                }
            });
        } else {
            assertThat(read).as(description + ": " + path).isEqualTo(sent);
        }
    }

    /** AWS's types write absent fields as null, where Lambassador leaves them out. */
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> kept = new LinkedHashMap<>();
            map.forEach((key, entry) -> {
                if (entry != null) {
                    kept.put(key, withoutNulls(entry));
                }
            });
            return kept;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AwsEventModelParityTest::withoutNulls).toList();
        }
        return value;
    }

    @Test
    void restApiEventsAndAnswersAreAwsProxyEventsFieldForField() throws Exception {
        start(PayloadVersion.V1);

        assertThat(routerCalls).hasSize(3);
        assertThat(authorizerCalls).hasSize(3);
        for (Invocation call : routerCalls) {
            assertRoundTrips(call.event(), APIGatewayProxyRequestEvent.class);
            assertRoundTrips(call.answer(), APIGatewayProxyResponseEvent.class);
        }
        for (Invocation call : authorizerCalls) {
            assertReadsAsSent(call.event(), APIGatewayCustomAuthorizerEvent.class);
            assertWrittenAsAwsWouldWrite(call.answer());
        }
        APIGatewayProxyRequestEvent first = LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                getClass().getClassLoader()).fromJson(new ByteArrayInputStream(routerCalls.getFirst().event()));
        assertThat(first.getMultiValueQueryStringParameters()).containsEntry("expand", List.of("items", "customer"));
        assertThat(first.getQueryStringParameters()).containsEntry("q", "a b");
        assertThat(first.getRequestContext().getAuthorizer()).containsEntry("subject", "ann");
        assertThat(first.getPathParameters()).containsEntry("proxy", "orders/42");
    }

    @Test
    void httpApiEventsAndAnswersAreAwsV2EventsFieldForField() throws Exception {
        start(PayloadVersion.V2);

        assertThat(routerCalls).hasSize(3);
        for (Invocation call : routerCalls) {
            assertRoundTrips(call.event(), APIGatewayV2HTTPEvent.class);
            assertRoundTrips(call.answer(), APIGatewayV2HTTPResponse.class);
        }
        for (Invocation call : authorizerCalls) {
            assertReadsAsSent(call.event(), APIGatewayV2CustomAuthorizerEvent.class, "/requestContext/time", "/requestContext/timeEpoch");
            assertRoundTrips(call.answer(), SimpleIAMPolicyResponse.class);
        }
        APIGatewayV2HTTPEvent first = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                getClass().getClassLoader()).fromJson(new ByteArrayInputStream(routerCalls.getFirst().event()));
        assertThat(first.getCookies()).containsExactly("session=s1", "theme=dark");
        assertThat(first.getRawQueryString()).isEqualTo("expand=items&expand=customer&q=a%20b");
        assertThat(first.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
    }
}
