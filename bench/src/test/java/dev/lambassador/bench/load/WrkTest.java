package dev.lambassador.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkTest {

    private static final String SUMMARY = """
            Running 8s test @ http://127.0.0.1:41234/echo/hello?name=world
              1 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     2.45ms    1.02ms  31.20ms   91.02%
                Req/Sec     6.61k   312.45     7.01k    82.50%
              Latency Distribution
                 50%  850.00us
                 75%    2.60ms
                 90%    3.10ms
                 99%    1.20s
              52640 requests in 8.00s, 41.03MB read
            Requests/sec:   6579.81
            Transfer/sec:      5.13MB
            """;

    @Test
    void readsThroughputAndPercentilesInMilliseconds() {
        Wrk.Result result = Wrk.parse(SUMMARY);

        assertThat(result.requestsPerSecond()).isEqualTo(6579.81);
        assertThat(result.p50Millis()).isCloseTo(0.85, within(1e-9));
        assertThat(result.p99Millis()).isCloseTo(1200, within(1e-9));
        assertThat(result.requests()).isEqualTo(52640);
        assertThat(result.clean()).isTrue();
    }

    @Test
    void theJvmsCpuTimeIsGivenPerRequestWhenMeasured() {
        Wrk.Result result = Wrk.parse(SUMMARY);

        assertThat(result.describe()).isEqualTo("6,580 req/s, p50 0.85 ms, p99 1200.00 ms");
        assertThat(result.withJvmCpu(52_640L * 700_000).describe()).isEqualTo("6,580 req/s, p50 0.85 ms, p99 1200.00 ms, JVM CPU 700 µs/req");
    }

    @Test
    void errorAnswersMakeAResultUnclean() {
        Wrk.Result result = Wrk.parse(SUMMARY.replace("Requests/sec", """
                  Socket errors: connect 0, read 3, write 0, timeout 0
                  Non-2xx or 3xx responses: 12
                Requests/sec"""));

        assertThat(result.non2xx()).isEqualTo(12);
        assertThat(result.socketErrors()).isEqualTo("connect 0, read 3, write 0, timeout 0");
        assertThat(result.clean()).isFalse();
    }
}
