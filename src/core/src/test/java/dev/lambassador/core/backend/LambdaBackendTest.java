package dev.lambassador.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a {@code lambda} backend item accepts, and what it refuses by field. */
class LambdaBackendTest {

    private static final PathTemplate PATH = PathTemplate.parse("/orders/{id}");

    private static Backend compile(Problems problems, Object... pairs) {
        Map<String, Object> item = new HashMap<>();
        item.put("type", "lambda");
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], pairs[i + 1]);
        }
        return Backends.DEFAULT.compile(item, PATH, problems.at("backend"));
    }

    private static List<String> problems(Object... pairs) {
        Problems problems = new Problems();
        compile(problems, pairs);
        return problems.all().stream().map(Problems.Problem::toString).toList();
    }

    @Test
    void aFunctionNameCompilesWithTheRestApiPayloadByDefault() {
        Problems problems = new Problems();

        Backend backend = compile(problems, "function", "orders-api");

        assertThat(problems.all()).isEmpty();
        assertThat(backend).isEqualTo(new LambdaBackend("orders-api", "", PayloadVersion.V1));
        assertThat(backend.type()).isEqualTo("lambda");
    }

    @Test
    void anArnAQualifierAndTheHttpApiPayloadCompile() {
        Problems problems = new Problems();

        Backend backend = compile(problems, "function", " arn:aws:lambda:eu-west-1:123456789012:function:orders-api ",
                "qualifier", "live", "payload", "2.0");

        assertThat(problems.all()).isEmpty();
        assertThat(backend).isEqualTo(new LambdaBackend("arn:aws:lambda:eu-west-1:123456789012:function:orders-api", "live", PayloadVersion.V2));
    }

    @Test
    void theFunctionsNameIsReadOutOfEachFormLambdaTakes() {
        assertThat(new LambdaBackend("orders-api", "", PayloadVersion.V1).functionName()).isEqualTo("orders-api");
        assertThat(new LambdaBackend("orders-api:7", "", PayloadVersion.V1).functionName()).isEqualTo("orders-api");
        assertThat(new LambdaBackend("123456789012:function:orders-api", "", PayloadVersion.V1).functionName()).isEqualTo("orders-api");
        assertThat(new LambdaBackend("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders-api:live", "", PayloadVersion.V1)
                .functionName()).isEqualTo("orders-api");
    }

    @Test
    void aMissingFunctionIsRequired() {
        assertThat(problems()).containsExactly("backend.function: is required");
    }

    @Test
    void somethingThatIsNoFunctionNameIsRefusedWithTheFormsThatAre() {
        assertThat(problems("function", "orders api")).singleElement().asString()
                .startsWith("backend.function: must be a function name (1 to 64 of A-Z a-z 0-9 - _)").endsWith("was 'orders api'");
        assertThat(problems("function", "x".repeat(65))).hasSize(1);
        assertThat(problems("function", "arn:aws:lambda:eu-west-1:123456789012:function:" + "x".repeat(130))).hasSize(1);
    }

    @Test
    void aQualifierGivenTwiceOrMalformedIsRefused() {
        assertThat(problems("function", "orders-api:live", "qualifier", "live"))
                .containsExactly("backend.qualifier: the function 'orders-api:live' names its qualifier already; give it in one place");
        assertThat(problems("function", "orders-api", "qualifier", "v 1")).singleElement().asString()
                .startsWith("backend.qualifier: must be a version number, an alias");
        assertThat(problems("function", "orders-api", "qualifier", "$LATEST")).isEmpty();
    }

    @Test
    void anUnknownPayloadAndAnUnknownAttributeAreRefused() {
        assertThat(problems("function", "orders-api", "payload", "3.0"))
                .containsExactly("backend.payload: must be 1.0 (REST API events, the default) or 2.0 (HTTP API events), was '3.0'");
        assertThat(problems("function", "orders-api", "url", "http://x")).singleElement().asString().startsWith("backend.url");
    }

    @Test
    void anArnOfLambdasLongestLengthIsAFunctionAndOneCharacterMoreIsNot() {
        String prefix = "arn:aws:lambda:eu-west-1:123456789012:function:" + "f".repeat(64) + ":";
        String longest = prefix + "q".repeat(170 - prefix.length());

        assertThat(problems("function", longest)).isEmpty();
        assertThat(problems("function", longest + "q")).singleElement().asString().startsWith("backend.function: must be");
        assertThat(new LambdaBackend.Factory().type()).isEqualTo("lambda");
    }
}
