package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.apigw.MalformedEventException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizerEventsTest {

    @ParameterizedTest(name = "{0} allows {1}")
    @CsvSource(delimiter = '|', value = {
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/request | arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/POST/orders/42/lines | arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/ | arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*",
            "arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/v1/ANY/x | arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/v1/*/*",
            "arn:aws:execute-api:eu-west-1:123456789012:xyz789/$default/GET/orders | arn:aws:execute-api:eu-west-1:123456789012:xyz789/$default/*/*"})
    void methodArnBecomesItsWholeStage(String methodArn, String stage) throws Exception {
        assertThat(AuthorizerEvents.stageResource(methodArn)).isEqualTo(stage);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "abc123/prod/GET/x", "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws:execute-api:us-east-1:123456789012:abc123", "arn:aws:execute-api:us-east-1:123456789012:abc123//GET/x",
            "arn:aws:execute-api::123456789012:abc123/prod/GET/x"})
    void somethingElseIsNoMethodArn(String methodArn) {
        assertThatThrownBy(() -> AuthorizerEvents.stageResource(methodArn)).isInstanceOf(MalformedEventException.class);
    }
}
