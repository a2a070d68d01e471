package dev.lambassador.core.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.route.Problems;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangesTest {

    private static IpAddress ip(String text) {
        IpAddress address = IpAddress.parse(text);
        assertThat(address).as(text).isNotNull();
        return address;
    }

    @ParameterizedTest
    @CsvSource({
            "203.0.113.0/24, 203.0.113.0, true",
            "203.0.113.0/24, 203.0.113.255, true",
            "203.0.113.0/24, 203.0.114.0, false",
            "203.0.113.0/24, 203.0.112.255, false",
            "203.0.113.9/32, 203.0.113.9, true",
            "203.0.113.9/32, 203.0.113.8, false",
            "203.0.113.9, 203.0.113.9, true",
            "203.0.113.9, 203.0.113.10, false",
            "0.0.0.0/0, 255.255.255.255, true",
            "0.0.0.0/0, 0.0.0.0, true",
            "0.0.0.0/0, 2001:db8::1, false",
            "::/0, 2001:db8::1, true",
            "::/0, ::, true",
            "::/0, 203.0.113.9, false",
            "::/0, ::ffff:203.0.113.9, false",
            "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
            "2001:db8::/32, 2001:db9::, false",
            "2001:db8::1/128, 2001:db8::1, true",
            "2001:db8::1/128, 2001:db8::2, false",
            "2001:db8::1/128, 2001:0db8:0000:0000:0000:0000:0000:0001, true",
            "2001:db8::8000/113, 2001:db8::ffff, true",
            "2001:db8::8000/113, 2001:db8::7fff, false",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "10.0.0.0/8, ::ffff:a01:203, true",
            "10.0.0.0/8, ::10.1.2.3, false",
            "::ffff:10.0.0.0/104, 10.200.0.1, true",
            "::ffff:10.0.0.0/104, 11.0.0.1, false",
            "128.0.0.0/1, 128.0.0.0, true",
            "128.0.0.0/1, 127.255.255.255, false",
            "8000::/1, 8000::, true",
            "8000::/1, 7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false",
            "::1/128, 0:0:0:0:0:0:0:1, true",
            "fe80::/10, febf:ffff::1, true",
            "fe80::/10, fec0::1, false",
    })
    void blockCoversExactlyItsAddresses(String cidr, String address, boolean covered) {
        assertThat(AddressRanges.of(cidr).contains(ip(address))).isEqualTo(covered);
    }

    @Test
    void anyBlockOfSeveralCovers() {
        AddressRanges ranges = AddressRanges.of("198.51.100.0/24", "2001:db8::/32", "192.0.2.7");

        assertThat(ranges.contains(ip("198.51.100.200"))).isTrue();
        assertThat(ranges.contains(ip("2001:db8:1::5"))).isTrue();
        assertThat(ranges.contains(ip("192.0.2.7"))).isTrue();
        assertThat(ranges.contains(ip("192.0.2.8"))).isFalse();
        assertThat(AddressRanges.NONE.contains(ip("192.0.2.8"))).isFalse();
        assertThat(AddressRanges.NONE.isEmpty()).isTrue();
        assertThat(ranges.isEmpty()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.1/8|has address bits set after its /8 prefix: the block is 10.0.0.0/8, was '10.0.0.1/8'",
            "2001:db8::1/32|has address bits set after its /32 prefix: the block is 2001:db8::/32",
            "203.0.113.128/24|the block is 203.0.113.0/24",
            "::ffff:0:0/95|the block is ::fffe:0:0/95",
            "10.0.0.0/33|must have a prefix length from 0 to 32 after '/', was '10.0.0.0/33'",
            "2001:db8::/129|from 0 to 128",
            "10.0.0.0/|from 0 to 32",
            "10.0.0.0/08|from 0 to 32",
            "10.0.0.0/-1|from 0 to 32",
            "10.0.0/8|must be an IPv4 or IPv6 address or CIDR block, such as 203.0.113.0/24 or 2001:db8::/32, was '10.0.0/8'",
            "10.0.0.256/32|must be an IPv4 or IPv6 address",
            "010.0.0.0/8|must be an IPv4 or IPv6 address",
            "example.com/24|must be an IPv4 or IPv6 address",
            "fe80::1%eth0/128|must be an IPv4 or IPv6 address",
            "[::1]/128|must be an IPv4 or IPv6 address",
            "|must be an IPv4 or IPv6 address",
    })
    void badBlocksAreReportedByIndex(String cidr, String message) {
        Problems problems = new Problems();

        AddressRanges ranges = AddressRanges.parse(List.of("192.0.2.0/24", cidr == null ? "" : cidr), problems.at("allowFrom"));

        assertThat(problems.all()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("allowFrom[1]");
            assertThat(problem.message()).contains(message);
        });
        assertThat(ranges.contains(ip("192.0.2.1"))).isTrue();
    }

    @Test
    void ofRefusesWhatParseReports() {
        assertThatThrownBy(() -> AddressRanges.of("10.0.0.1/8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the block is 10.0.0.0/8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "1.2.3.4.", ".1.2.3.4", "256.1.1.1", "01.1.1.1", "1..2.3", "a.b.c.d",
            "1.2.3.4 ", ":", ":::", "1:", ":1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::", "g::",
            "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3.4.5", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
            "localhost", "٣.٣.٣.٣", "1:2:3:4:5:6:7::8"})
    void nonLiteralsAreNotAddresses(String text) {
        assertThat(IpAddress.parse(text)).as("'%s'", text).isNull();
    }

    @Test
    void nullAndOverlongTextAreNotAddresses() {
        assertThat(IpAddress.parse(null)).isNull();
        assertThat(IpAddress.parse("1".repeat(46))).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "203.0.113.9, 203.0.113.9",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:DB8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "::ffff:192.0.2.1, 192.0.2.1",
            "::ffff:c000:201, 192.0.2.1",
            "64:ff9b::192.0.2.1, 64:ff9b::c000:201",
            "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
            "fd00:ec2::254, fd00:ec2::254",
    })
    void literalsReadAsTheJdkReadsThem(String text, String canonical) throws Exception {
        IpAddress address = ip(text);

        assertThat(address).hasToString(canonical);
        // The JDK's reading of the same literal (no lookup for a literal) gives the same 128 bits.
        assertThat(IpAddress.of(InetAddress.getByName(text))).isEqualTo(address);
    }

    @Test
    void randomAddressesRoundTripThroughTheirText() throws Exception {
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(bytes);
            if (bytes.length == 16 && random.nextBoolean()) {
                // Runs of zero groups, where the :: compression is decided.
                for (int g = random.nextInt(8), end = Math.min(8, g + random.nextInt(6)); g < end; g++) {
                    bytes[2 * g] = 0;
                    bytes[2 * g + 1] = 0;
                }
            }
            InetAddress jdk = InetAddress.getByAddress(bytes);
            IpAddress address = IpAddress.of(jdk);

            assertThat(IpAddress.parse(address.toString())).as(jdk.getHostAddress()).isEqualTo(address);
            assertThat(IpAddress.parse(jdk.getHostAddress())).as(jdk.getHostAddress()).isEqualTo(address);
        }
    }

    @Test
    void embeddedIpv4IsReadFromNat64AndCompatibleAddressesOnly() {
        assertThat(ip("64:ff9b::169.254.169.254").embeddedIpv4()).isEqualTo(ip("169.254.169.254"));
        assertThat(ip("::127.0.0.1").embeddedIpv4()).isEqualTo(ip("127.0.0.1"));
        assertThat(ip("2001:db8::a9fe:a9fe").embeddedIpv4()).isNull();
        assertThat(ip("64:ff9b:1::a9fe:a9fe").embeddedIpv4()).isNull();
        assertThat(ip("169.254.169.254").embeddedIpv4()).isNull();
        assertThat(ip("::").embeddedIpv4()).isNull();
        assertThat(ip("::1").embeddedIpv4()).isNull();
        assertThat(ip("::0.255.255.255").embeddedIpv4()).isNull();
        assertThat(ip("::1.0.0.0").embeddedIpv4()).isEqualTo(ip("1.0.0.0"));
    }
}
