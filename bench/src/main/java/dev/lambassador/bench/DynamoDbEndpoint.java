package dev.lambassador.bench;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.MotoServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real DynamoDB API for the harnesses, as the tests get one: {@code AWS_ENDPOINT_URL} when it is
 * set, else a {@code moto_server} started here and stopped on close. Tables get unique names, so
 * an endpoint someone else runs is never disturbed.
 */
public final class DynamoDbEndpoint implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY_ID = "test";
    public static final String SECRET_ACCESS_KEY = "test";

    private final URI endpoint;
    private final MotoServer moto;
    private final DynamoDbClient client;

    private DynamoDbEndpoint(URI endpoint, MotoServer moto) {
        this.endpoint = endpoint;
        this.moto = moto;
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** @throws IllegalStateException saying how to get an emulator when there is none */
    public static DynamoDbEndpoint start(Map<String, String> environment) {
        String url = environment.getOrDefault("AWS_ENDPOINT_URL", "").strip();
        if (!url.isEmpty()) {
            return new DynamoDbEndpoint(URI.create(url), null);
        }
        Path executable = Executables.find("moto_server").orElseThrow(() -> new IllegalStateException(
                "no DynamoDB emulator: install moto's server (pip install 'moto[server]') or set AWS_ENDPOINT_URL"));
        MotoServer moto = MotoServer.start(executable);
        return new DynamoDbEndpoint(moto.endpoint(), moto);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Creates a routes table with the router's schema, puts the items, and returns its name. */
    public String createRoutesTable(List<Map<String, Object>> routes) {
        String table = "bench-routes-" + UUID.randomUUID().toString().substring(0, 8);
        RoutesTable.create(client, table);
        for (Map<String, Object> route : routes) {
            Map<String, Object> item = new HashMap<>(route);
            item.put(TableSchema.PARTITION_KEY, ItemKind.ROUTE.value());
            client.putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
        }
        return table;
    }

    /** What a function needs in its environment to read that table here. */
    public Map<String, String> functionEnvironment(String table) {
        return Map.of(
                "ROUTES_TABLE", table,
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    }

    @Override
    public void close() {
        client.close();
        if (moto != null) {
            moto.close();
        }
    }
}
