package dev.lambassador.bench;

/** Where a class or a jar entry comes from, told by its package: what moves jar sizes and class counts. */
public enum CodeOrigin {
    JDK("JDK"),
    LAMBDA_RUNTIME("Lambda runtime client and core"),
    AWS_SDK("AWS SDK v2"),
    JACKSON("Jackson"),
    SNAKEYAML("SnakeYAML"),
    NIMBUS("Nimbus JOSE+JWT"),
    LAMBASSADOR("Lambassador"),
    OTHER("other");

    private final String label;

    CodeOrigin(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** @param name a class name ({@code a.b.C}) or a jar entry ({@code a/b/C.class}) */
    public static CodeOrigin of(String name) {
        String dotted = name.replace('/', '.');
        if (dotted.startsWith("java.") || dotted.startsWith("javax.") || dotted.startsWith("jdk.")
                || dotted.startsWith("sun.") || dotted.startsWith("com.sun.")) {
            return JDK;
        }
        if (dotted.startsWith("com.amazonaws.")) {
            return LAMBDA_RUNTIME;
        }
        if (dotted.startsWith("software.amazon.")) {
            return AWS_SDK;
        }
        if (dotted.startsWith("com.fasterxml.")) {
            return JACKSON;
        }
        if (dotted.startsWith("org.snakeyaml.")) {
            return SNAKEYAML;
        }
        if (dotted.startsWith("com.nimbusds.")) {
            return NIMBUS;
        }
        if (dotted.startsWith("dev.lambassador.")) {
            return LAMBASSADOR;
        }
        return OTHER;
    }
}
