package dev.drydock.match;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alpine's order (apk-tools, which follows Gentoo's version rules). Written here because
 * versatile-core gets it wrong and accepts anything: it ranks {@code 1.0_cvs1} (and {@code 1.0_p1})
 * above {@code 1.0a}, where apk compares the letter before any suffix, and it ranks
 * {@code "garbage"} above {@code 1.0}.
 *
 * <p>Grammar: digits{.digits}[letter]{_suffix[digits]}[~hash][-rN]. Order, part by part:
 * numeric components (the first as a number; a later one starting with '0' as a string, so 1.01 &lt; 1.1;
 * more components wins), then the letter (none &lt; a &lt; z), then suffixes (alpha &lt; beta &lt; pre &lt;
 * rc &lt; none &lt; cvs &lt; svn &lt; git &lt; hg &lt; p, each then by its number), then the hash, then -rN.
 */
public final class ApkScheme implements VersionScheme {
    static final ApkScheme INSTANCE = new ApkScheme();
    private static final String NAME = "apk";
    // Each optional group starts with a distinct literal, so matching is linear (and input is capped anyway).
    private static final Pattern GRAMMAR = Pattern.compile(
            "([0-9]+(?:\\.[0-9]+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*)(?:~([0-9a-f]+))?(?:-r([0-9]+))?");
    private static final Pattern SUFFIX = Pattern.compile("_(alpha|beta|pre|rc|cvs|svn|git|hg|p)([0-9]*)");
    /** Index 4 is "no suffix": the pre-releases sort below it, the post-releases above. */
    private static final List<String> SUFFIX_RANK = List.of("alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");
    private static final int NO_SUFFIX = 4;

    private ApkScheme() {
    }

    record Suffix(int rank, String number) {
    }

    record ApkVersion(String[] numbers, String letter, List<Suffix> suffixes, String hash, String revision) {
        static ApkVersion parse(String v) {
            VersionScheme.bounded(NAME, v);
            Matcher m = GRAMMAR.matcher(v);
            if (!m.matches()) throw new InvalidVersionException(NAME, v, "not an apk version");
            List<Suffix> suffixes = new ArrayList<>();
            Matcher s = SUFFIX.matcher(m.group(3));
            while (s.find()) suffixes.add(new Suffix(SUFFIX_RANK.indexOf(s.group(1)), s.group(2)));
            return new ApkVersion(m.group(1).split("\\."), m.group(2), suffixes, m.group(4), m.group(5));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(String v) {
        ApkVersion.parse(v);
    }

    @Override
    public int compare(String a, String b) {
        ApkVersion x = ApkVersion.parse(a);
        ApkVersion y = ApkVersion.parse(b);
        int c = numbers(x.numbers(), y.numbers());
        if (c == 0) c = Integer.signum(x.letter().compareTo(y.letter()));
        if (c == 0) c = suffixes(x.suffixes(), y.suffixes());
        if (c == 0) c = optional(x.hash(), y.hash(), false);
        if (c == 0) c = optional(x.revision(), y.revision(), true);
        return c;
    }

    private static int numbers(String[] a, String[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c;
            if (i > 0 && (a[i].startsWith("0") || b[i].startsWith("0"))) {
                c = Integer.signum(stripTrailingZeros(a[i]).compareTo(stripTrailingZeros(b[i])));
            } else {
                c = DigitRuns.compare(a[i], b[i]);
            }
            if (c != 0) return c;
        }
        return Integer.compare(a.length, b.length);
    }

    private static String stripTrailingZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    private static int suffixes(List<Suffix> a, List<Suffix> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int ra = i < a.size() ? a.get(i).rank() : NO_SUFFIX;
            int rb = i < b.size() ? b.get(i).rank() : NO_SUFFIX;
            if (ra != rb) return Integer.compare(ra, rb);
            // A bare suffix sorts below the same suffix with any number (_rc < _rc0 < _rc1).
            int c = optional(i < a.size() ? nonEmpty(a.get(i).number()) : null,
                    i < b.size() ? nonEmpty(b.get(i).number()) : null, true);
            if (c != 0) return c;
        }
        return 0;
    }

    private static String nonEmpty(String s) {
        return s.isEmpty() ? null : s;
    }

    // Absent sorts first; present values compare as numbers or as strings.
    private static int optional(String a, String b, boolean numeric) {
        if (a == null || b == null) return Boolean.compare(a != null, b != null);
        return numeric ? DigitRuns.compare(a, b) : Integer.signum(a.compareTo(b));
    }
}
