package dev.drydock.catalog.binary;

/**
 * Decodes the first literal bytes of a zlib stream (RFC 1950/1951) to tell, cheaply, whether it is
 * the start of something worth inflating. Scanning a binary meets a plausible zlib header every
 * few kilobytes of random-looking data; trying each with {@link java.util.zip.Inflater} costs an
 * exception per miss. This decoder allocates nothing per call and simply answers "no" on anything
 * invalid, stopping at the first back-reference or end of block (the prefixes looked for have no
 * repeats a compressor could refer back to).
 */
final class DeflatePrefix {
    private static final int MAX_BITS = 15;
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final short[] FIXED_COUNT = new short[MAX_BITS + 1];
    private static final short[] FIXED_SYMBOL = new short[288];

    static {
        int[] lengths = new int[288];
        for (int i = 0; i < 288; i++) lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
        build(lengths, 288, FIXED_COUNT, FIXED_SYMBOL);
    }

    private final short[] count = new short[MAX_BITS + 1];
    private final short[] symbol = new short[320];
    private final short[] lenCount = new short[MAX_BITS + 1];
    private final short[] lenSymbol = new short[19];
    private final int[] lengths = new int[320];

    private byte[] in;
    private int pos;
    private int end;
    private int bitBuf;
    private int bitCount;

    /**
     * Literal bytes decoded from the zlib stream at {@code b[from]} (header included), up to
     * {@code out.length}; fewer when the data is invalid, runs out, or reaches a non-literal.
     */
    int literals(byte[] b, int from, int to, byte[] out) {
        in = b;
        pos = from + 2;
        end = to;
        bitBuf = 0;
        bitCount = 0;
        int n = 0;
        while (n < out.length) {
            int last = bits(1);
            int type = bits(2);
            short[] c, s;
            if (last < 0 || type < 0) return n;
            if (type == 1) {
                c = FIXED_COUNT;
                s = FIXED_SYMBOL;
            } else if (type == 2) {
                if (!dynamicTables()) return n;
                c = count;
                s = symbol;
            } else {
                return n; // stored blocks and invalid types: not compressed text
            }
            while (n < out.length) {
                int sym = decode(c, s);
                if (sym < 0 || sym > 255) {
                    if (sym != 256 || last == 1) return n;
                    break; // end of a non-final block: the next block continues the text
                }
                out[n++] = (byte) sym;
            }
        }
        return n;
    }

    private int bits(int need) {
        while (bitCount < need) {
            if (pos >= end) return -1;
            bitBuf |= (in[pos++] & 0xff) << bitCount;
            bitCount += 8;
        }
        int v = bitBuf & ((1 << need) - 1);
        bitBuf >>>= need;
        bitCount -= need;
        return v;
    }

    /** A symbol of a canonical Huffman code, reading its bits most significant first; -1 if invalid or out of input. */
    private int decode(short[] c, short[] s) {
        int code = 0, first = 0, index = 0;
        for (int len = 1; len <= MAX_BITS; len++) {
            int bit = bits(1);
            if (bit < 0) return -1;
            code |= bit;
            int cnt = c[len];
            if (code - cnt < first) return s[index + (code - first)];
            index += cnt;
            first += cnt;
            first <<= 1;
            code <<= 1;
        }
        return -1;
    }

    private boolean dynamicTables() {
        int nlen = bits(5), ndist = bits(5), ncode = bits(4);
        if (nlen < 0 || ndist < 0 || ncode < 0) return false;
        nlen += 257;
        ndist += 1;
        ncode += 4;
        if (nlen > 286 || ndist > 30) return false;
        int[] len = lengths;
        for (int i = 0; i < 19; i++) len[i] = 0;
        for (int i = 0; i < ncode; i++) {
            int v = bits(3);
            if (v < 0) return false;
            len[CODE_LENGTH_ORDER[i]] = v;
        }
        if (build(len, 19, lenCount, lenSymbol) != 0) return false; // the code-length code must be complete
        int i = 0;
        int total = nlen + ndist;
        int[] codes = len; // now the lengths of the literal/length symbols, then the distance symbols
        while (i < total) {
            int sym = decode(lenCount, lenSymbol);
            if (sym < 0) return false;
            if (sym < 16) {
                codes[i++] = sym;
                continue;
            }
            int value = 0, repeat;
            if (sym == 16) {
                if (i == 0) return false;
                value = codes[i - 1];
                repeat = bits(2);
                if (repeat < 0) return false;
                repeat += 3;
            } else if (sym == 17) {
                repeat = bits(3);
                if (repeat < 0) return false;
                repeat += 3;
            } else {
                repeat = bits(7);
                if (repeat < 0) return false;
                repeat += 11;
            }
            if (i + repeat > total) return false;
            while (repeat-- > 0) codes[i++] = value;
        }
        if (codes[256] == 0) return false; // a block must be able to end
        int left = build(codes, nlen, count, symbol);
        // An incomplete literal/length code is only valid when it has a single code.
        return left >= 0 && (left == 0 || nlen - count[0] == 1);
    }

    /**
     * Canonical code tables from code lengths: {@code c[len]} codes of each length, {@code s} the
     * symbols in code order. Returns 0 for a complete code, more for an incomplete one, negative
     * for an over-subscribed (invalid) one.
     */
    private static int build(int[] lengths, int n, short[] c, short[] s) {
        for (int len = 0; len <= MAX_BITS; len++) c[len] = 0;
        for (int i = 0; i < n; i++) c[lengths[i]]++;
        if (c[0] == n) return 0;
        int left = 1;
        for (int len = 1; len <= MAX_BITS; len++) {
            left <<= 1;
            left -= c[len];
            if (left < 0) return left;
        }
        // Symbols sorted by code length, then by value: canonical order. n is at most 320, so this stays cheap.
        int k = 0;
        for (int len = 1; len <= MAX_BITS; len++) {
            for (int i = 0; i < n; i++) if (lengths[i] == len) s[k++] = (short) i;
        }
        return left;
    }
}
