package dev.lambassador.bench;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.guard.SourceIpRule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the guards cost a request, with the router's C1 flags: the backend address check (an
 * allow-list of four entries, the host resolved through the JVM's address cache, every address
 * checked) for a name, an IPv4 and an IPv6 literal; and a route's source address lists (four
 * allowed blocks and one denied) for an IPv4 and an IPv6 caller, who are both let through after
 * every block was compared.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
public class GuardsBenchmark {

    private BackendAddressGuard guard;
    private SourceIpRule sourceIps;
    private GatewayRequest fromIpv4;
    private GatewayRequest fromIpv6;

    @Setup
    public void setUp() {
        guard = BackendAddressGuard.of(List.of("*.example.internal", "localhost", "127.0.0.1", "::1"), true);
        sourceIps = SourceIpRule.compile(List.of("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32", "172.16.0.0/12"),
                List.of("172.20.9.0/24"));
        fromIpv4 = request("172.20.1.2");
        fromIpv6 = request("2001:db8:1:2::7");
    }

    private static GatewayRequest request(String sourceIp) {
        return new GatewayRequest("GET", "/", "", Map.of(), null, null, sourceIp, "bench", Map.of());
    }

    @Benchmark
    public String backendCheckName() {
        guard.check("localhost", "bench");
        return "localhost";
    }

    @Benchmark
    public String backendCheckIpv4Literal() {
        guard.check("127.0.0.1", "bench");
        return "127.0.0.1";
    }

    @Benchmark
    public String backendCheckIpv6Literal() {
        guard.check("[::1]", "bench");
        return "[::1]";
    }

    @Benchmark
    public GatewayRequest sourceListsIpv4() {
        sourceIps.check(fromIpv4);
        return fromIpv4;
    }

    @Benchmark
    public GatewayRequest sourceListsIpv6() {
        sourceIps.check(fromIpv6);
        return fromIpv6;
    }
}
