package dev.lambassador.cli;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.local.DevServer;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values read by the parsers the functions use, so that the CLI accepts exactly what the
 * settings do, and says so in the same words.
 */
final class Converters {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd]?)");

    private Converters() {
    }

    static final class Payload implements ITypeConverter<PayloadVersion> {
        @Override
        public PayloadVersion convert(String value) {
            return wrap(() -> PayloadVersion.parse(value, "--payload"));
        }
    }

    static final class DefaultAuth implements ITypeConverter<RouteAuth> {
        @Override
        public RouteAuth convert(String value) {
            return wrap(() -> RouteAuth.parse(value, "--default-auth"));
        }
    }

    static final class Log implements ITypeConverter<DevServer.LogFormat> {
        @Override
        public DevServer.LogFormat convert(String value) {
            return wrap(() -> DevServer.LogFormat.parse(value, "--log"));
        }
    }

    /** {@code 90}, {@code 90s}, {@code 15m}, {@code 1h} or {@code 7d}; a bare number is seconds. */
    static final class Ttl implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher matcher = DURATION.matcher(value);
            if (!matcher.matches()) {
                throw new TypeConversionException("--ttl must be a duration such as 90s, 15m, 1h or 7d, was '" + value + "'");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
    }

    private interface Parse<T> {
        T parse();
    }

    private static <T> T wrap(Parse<T> parse) {
        try {
            return parse.parse();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
