package dev.lambassador.testing;

import java.util.Map;

/** Which LocalStack image tests start: one place for the emulator tests and the end-to-end run. */
public final class LocalStackImage {

    /**
     * The last LocalStack image that runs without an account; later tags need
     * {@code LOCALSTACK_AUTH_TOKEN}. {@code LOCALSTACK_IMAGE} overrides it.
     */
    public static final String DEFAULT = "localstack/localstack:4.14.0";

    private LocalStackImage() {
    }

    /** {@code LOCALSTACK_IMAGE} when set, else {@link #DEFAULT}. */
    public static String from(Map<String, String> environment) {
        String image = environment.getOrDefault("LOCALSTACK_IMAGE", "").strip();
        return image.isEmpty() ? DEFAULT : image;
    }
}
