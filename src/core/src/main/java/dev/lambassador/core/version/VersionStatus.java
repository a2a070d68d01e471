package dev.lambassador.core.version;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a version is in its life: served, served with warnings, or gone. */
public enum VersionStatus {
    /** Served as it is. */
    CURRENT,
    /** Served, with {@code Deprecation}, {@code Sunset} and {@code Link} headers telling clients to move. */
    DEPRECATED,
    /** Not served: 410 Gone, with the migration link. */
    RETIRED;

    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the accepted values */
    static VersionStatus parse(String value) {
        return Arrays.stream(values()).filter(status -> status.attribute().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be one of " + choices() + ", was '" + value + "'"));
    }

    static String choices() {
        return Arrays.stream(values()).map(VersionStatus::attribute).collect(Collectors.joining(", "));
    }
}
