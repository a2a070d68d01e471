package dev.lambassador.authorizer;

/** Values from requests in log lines: short, on one line, and unable to forge another log line. */
final class LogSafe {

    /** For values taken from a request, such as a token's claims. */
    static final int VALUE_LENGTH = 120;
    /** For messages of exceptions, which may quote a little of what they failed on. */
    static final int MESSAGE_LENGTH = 400;

    private LogSafe() {
    }

    static String value(String raw) {
        return shorten(raw, VALUE_LENGTH);
    }

    static String message(Throwable e) {
        return shorten(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), MESSAGE_LENGTH);
    }

    private static String shorten(String raw, int maxLength) {
        if (raw == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), maxLength) + 3);
        for (int i = 0; i < raw.length() && out.length() < maxLength; i++) {
            char c = raw.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (raw.length() > maxLength) {
            out.append("...");
        }
        return out.toString();
    }
}
