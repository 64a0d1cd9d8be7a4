package dev.drydock.catalog.binary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The module text of Go build info: {@code path} (the main package), {@code mod} (the main module),
 * {@code dep} lines, {@code =>} lines replacing the module line above them, and {@code build}
 * settings ({@code key=value}, either side quoted Go-style when it needs to be), one per line with
 * tab-separated fields.
 *
 * @param path     import path of the main package; empty when absent
 * @param main     the main module, or null for a binary built outside module mode
 * @param problems lines that were skipped, for a warning
 */
public record GoModInfo(String path, GoModule main, List<GoModule> deps, Map<String, String> settings, List<String> problems) {
    /** Longest module path or version taken; real ones are far shorter. */
    static final int MAX_FIELD = 1024;
    static final int MAX_DEPS = 100_000;
    static final int MAX_SETTINGS = 1000;

    public static GoModInfo parse(String text) {
        String path = "";
        GoModule main = null;
        List<GoModule> deps = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int malformed = 0;
        // Which module the next "=>" line replaces: 0 none, 1 main, 2 the last dep.
        int last = 0;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "path" -> {
                    if (f.length >= 2 && valid(f[1])) path = f[1];
                    last = 0;
                }
                case "mod", "dep" -> {
                    GoModule m = module(f);
                    last = 0;
                    if (m == null) {
                        malformed++;
                    } else if (f[0].equals("mod")) {
                        main = m;
                        last = 1;
                    } else if (deps.size() < MAX_DEPS) {
                        deps.add(m);
                        last = 2;
                    } else {
                        malformed++;
                    }
                }
                case "=>" -> {
                    GoModule r = module(f);
                    if (r == null || last == 0) malformed++;
                    else if (last == 1) main = main.withReplacement(r);
                    else deps.set(deps.size() - 1, deps.get(deps.size() - 1).withReplacement(r));
                    last = 0;
                }
                case "build" -> {
                    last = 0;
                    String[] kv = f.length == 2 ? setting(f[1]) : null;
                    if (kv == null) malformed++;
                    else if (settings.size() < MAX_SETTINGS) settings.put(kv[0], kv[1]);
                }
                default -> last = 0; // lines later Go versions may add
            }
        }
        if (malformed > 0) problems.add("skipped " + malformed + " malformed line(s) of Go module information");
        return new GoModInfo(path, main, List.copyOf(deps), settings, problems);
    }

    /** {@code KIND \t path \t version [\t sum]}; a replacement by a directory has an empty version. */
    private static GoModule module(String[] f) {
        if (f.length < 2 || f.length > 4 || !valid(f[1])) return null;
        String version = f.length > 2 ? f[2] : "";
        String sum = f.length > 3 ? f[3] : "";
        if (version.length() > MAX_FIELD || !printable(version) || sum.length() > MAX_FIELD || !printable(sum)) return null;
        return new GoModule(f[1], version, sum, null);
    }

    private static boolean valid(String s) {
        return !s.isEmpty() && s.length() <= MAX_FIELD && printable(s) && s.indexOf(' ') < 0;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isISOControl(s.charAt(i))) return false;
        return true;
    }

    /** {@code key=value}, each side possibly a Go quoted string; null when malformed. */
    static String[] setting(String s) {
        String key;
        int rest;
        if (s.startsWith("\"")) {
            int[] end = new int[1];
            key = GoQuoted.unquote(s, 0, end);
            if (key == null || end[0] >= s.length() || s.charAt(end[0]) != '=') return null;
            rest = end[0] + 1;
        } else {
            int eq = s.indexOf('=');
            if (eq <= 0) return null;
            key = s.substring(0, eq);
            rest = eq + 1;
        }
        String value;
        if (s.startsWith("\"", rest)) {
            int[] end = new int[1];
            value = GoQuoted.unquote(s, rest, end);
            if (value == null || end[0] != s.length()) return null;
        } else {
            value = s.substring(rest);
        }
        if (key.isEmpty() || key.length() > MAX_FIELD || value.length() > 64 * MAX_FIELD) return null;
        return new String[]{key, value};
    }
}
