package dev.lambassador.core.guard;

import dev.lambassador.core.route.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of CIDR blocks, IPv4 and IPv6, compiled into flat arrays of 128-bit networks and masks: a
 * lookup is a loop of two masked comparisons per block, with nothing allocated. IPv4 blocks cover
 * IPv4 addresses and their IPv4-mapped IPv6 forms ({@code ::ffff:203.0.113.9}); IPv6 blocks cover
 * IPv6 addresses only, so {@code ::/0} means every IPv6 address and no IPv4 one.
 */
public final class AddressRanges {

    public static final AddressRanges NONE = new AddressRanges(List.of());

    private final boolean[] ipv4;
    private final long[] highs;
    private final long[] lows;
    private final long[] highMasks;
    private final long[] lowMasks;

    /** One block: its network, its prefix length counted on 128 bits, and its family. */
    record Block(IpAddress network, int prefix128) {
    }

    private AddressRanges(List<Block> blocks) {
        int n = blocks.size();
        ipv4 = new boolean[n];
        highs = new long[n];
        lows = new long[n];
        highMasks = new long[n];
        lowMasks = new long[n];
        for (int i = 0; i < n; i++) {
            Block block = blocks.get(i);
            ipv4[i] = block.network().ipv4();
            highMasks[i] = mask(block.prefix128());
            lowMasks[i] = mask(block.prefix128() - 64);
            highs[i] = block.network().high();
            lows[i] = block.network().low();
        }
    }

    /** The blocks written, which must all be valid. @throws IllegalArgumentException naming the first that is not */
    public static AddressRanges of(String... cidrs) {
        Problems problems = new Problems();
        AddressRanges ranges = parse(List.of(cidrs), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.all().getFirst().toString());
        }
        return ranges;
    }

    /**
     * Compiles blocks as an item lists them, each reported by its index when it is not a block.
     *
     * @param problems a view whose field is the attribute; each problem names {@code [index]}
     */
    public static AddressRanges parse(List<String> cidrs, Problems problems) {
        List<Block> blocks = new ArrayList<>(cidrs.size());
        for (int i = 0; i < cidrs.size(); i++) {
            Block block = block(cidrs.get(i), problems.at("[" + i + "]"));
            if (block != null) {
                blocks.add(block);
            }
        }
        return blocks.isEmpty() ? NONE : new AddressRanges(blocks);
    }

    /** Reads one block: {@code 203.0.113.0/24}, {@code 2001:db8::/32}, or an address alone for just that address. */
    static Block block(String text, Problems problems) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (address == null) {
            problems.add("", "must be an IPv4 or IPv6 address or CIDR block, such as 203.0.113.0/24 or 2001:db8::/32, was '" + text + "'");
            return null;
        }
        boolean writtenAsIpv4 = trimmed.indexOf(':') < 0;
        int max = writtenAsIpv4 ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String digits = trimmed.substring(slash + 1);
            prefix = digits.matches("0|[1-9][0-9]{0,2}") ? Integer.parseInt(digits) : -1;
            if (prefix < 0 || prefix > max) {
                problems.add("", "must have a prefix length from 0 to " + max + " after '/', was '" + text + "'");
                return null;
            }
        }
        int prefix128 = writtenAsIpv4 ? 96 + prefix : prefix;
        // A mapped block shorter than the mapped range itself (::/0, say) is an IPv6 block.
        IpAddress network = address.ipv4() && prefix128 < 96 ? new IpAddress(false, address.high(), address.low()) : address;
        long highMask = mask(prefix128);
        long lowMask = mask(prefix128 - 64);
        if ((network.high() & ~highMask) != 0 || (network.low() & ~lowMask) != 0) {
            IpAddress masked = new IpAddress(network.ipv4(), network.high() & highMask, network.low() & lowMask);
            problems.add("", "has address bits set after its /" + prefix + " prefix: the block is " + masked
                    + "/" + (network.ipv4() ? prefix128 - 96 : prefix128) + ", was '" + text + "'");
            return null;
        }
        return new Block(network, prefix128);
    }

    /** The first {@code bits} bits set, of 64; 0 or fewer is none. */
    private static long mask(int bits) {
        return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
    }

    public boolean isEmpty() {
        return ipv4.length == 0;
    }

    public boolean contains(IpAddress address) {
        for (int i = 0; i < ipv4.length; i++) {
            if (ipv4[i] == address.ipv4() && (address.high() & highMasks[i]) == highs[i] && (address.low() & lowMasks[i]) == lows[i]) {
                return true;
            }
        }
        return false;
    }
}
