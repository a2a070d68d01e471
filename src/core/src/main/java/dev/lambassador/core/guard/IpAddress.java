package dev.lambassador.core.guard;

import java.net.InetAddress;

/**
 * An IP address as its 128 bits, IPv4 as its IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}), so that
 * one comparison serves both families. {@link #ipv4()} keeps the family apart: an IPv4 address and
 * its mapped form are the same address, while an IPv6 range never covers IPv4 addresses by accident.
 * Parsed by hand rather than by {@link InetAddress#getByName}, which looks a name up in DNS when the
 * text is not a literal.
 *
 * @param ipv4 whether this is an IPv4 address (written either way)
 * @param high the first 64 bits
 * @param low  the last 64 bits
 */
public record IpAddress(boolean ipv4, long high, long low) {

    private static final long MAPPED = 0xffffL << 32;

    /** An IPv4 address from its 32 bits. */
    static IpAddress ipv4(long bits) {
        return new IpAddress(true, 0, MAPPED | bits & 0xffff_ffffL);
    }

    /** The address of a resolved {@link InetAddress}. */
    public static IpAddress of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return ipv4(((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8) | (bytes[3] & 0xffL));
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (bytes[i] & 0xffL);
            low = low << 8 | (bytes[i + 8] & 0xffL);
        }
        return of(high, low);
    }

    private static IpAddress of(long high, long low) {
        return new IpAddress(high == 0 && (low & 0xffff_ffff_0000_0000L) == MAPPED, high, low);
    }

    /**
     * Reads a literal: dotted IPv4 ({@code 203.0.113.9}, decimal, no leading zeros) or IPv6 in any
     * RFC 4291 form ({@code 2001:db8::1}, {@code ::ffff:10.0.0.1}); no brackets, zone or port.
     *
     * @return the address, or null when the text is not one
     */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            long bits = parseIpv4(text, 0);
            return bits < 0 ? null : ipv4(bits);
        }
        return parseIpv6(text);
    }

    /** The 32 bits of dotted IPv4 from {@code start} to the end, or -1. */
    private static long parseIpv4(String text, int start) {
        long bits = 0;
        int parts = 0;
        int i = start;
        int n = text.length();
        while (parts < 4) {
            int digits = 0;
            int value = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                if (digits == 1 && value == 0) {
                    return -1;
                }
                value = value * 10 + text.charAt(i) - '0';
                digits++;
                i++;
                if (value > 255) {
                    return -1;
                }
            }
            if (digits == 0) {
                return -1;
            }
            bits = bits << 8 | value;
            parts++;
            if (parts < 4) {
                if (i >= n || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == n ? bits : -1;
    }

    private static IpAddress parseIpv6(String text) {
        int n = text.length();
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (text.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            int start = i;
            int value = 0;
            int digits = 0;
            int digit;
            while (i < n && (digit = Character.digit(text.charAt(i), 16)) >= 0 && text.charAt(i) < 0x80) {
                if (++digits > 4) {
                    return null;
                }
                value = value << 4 | digit;
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                long bits = count > 6 ? -1 : parseIpv4(text, start);
                if (bits < 0) {
                    return null;
                }
                groups[count++] = (int) (bits >>> 16);
                groups[count++] = (int) (bits & 0xffff);
                i = n;
                break;
            }
            if (digits == 0 || count == 8) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':' || ++i == n) {
                return null;
            }
            if (text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - (count - gap), count - gap);
        }
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = high << 16 | full[g];
            low = low << 16 | full[g + 4];
        }
        return of(high, low);
    }

    /**
     * The IPv4 address an IPv6 address carries in its last 32 bits where networks may deliver it to
     * that IPv4 address: NAT64's {@code 64:ff9b::/96} and the deprecated IPv4-compatible {@code ::/96}
     * (less {@code ::} and {@code ::1}, which are addresses of their own, and the rest of {@code ::/104}).
     * Null for other addresses, and for IPv4 ones.
     */
    public IpAddress embeddedIpv4() {
        boolean compatible = high == 0 && (low >>> 32) == 0 && (low >>> 24) != 0;
        boolean nat64 = high == 0x0064_ff9b_0000_0000L && (low >>> 32) == 0;
        return !ipv4 && (compatible || nat64) ? ipv4(low) : null;
    }

    /** RFC 5952's text: dotted for IPv4, lower-case hex with the longest run of zero groups as {@code ::} for IPv6. */
    @Override
    public String toString() {
        if (ipv4) {
            return (low >>> 24 & 0xff) + "." + (low >>> 16 & 0xff) + "." + (low >>> 8 & 0xff) + "." + (low & 0xff);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 4; g++) {
            groups[g] = (int) (high >>> (48 - 16 * g) & 0xffff);
            groups[g + 4] = (int) (low >>> (48 - 16 * g) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                text.append("::");
                g += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g]));
        }
        return text.toString();
    }
}
