package dev.drydock.match;

/** Numeric comparison of digit strings of any length: no parsing, so no overflow. */
final class DigitRuns {
    private DigitRuns() {
    }

    static int compare(String a, String b) {
        a = stripZeros(a);
        b = stripZeros(b);
        if (a.length() != b.length()) return Integer.compare(a.length(), b.length());
        return Integer.signum(a.compareTo(b));
    }

    static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') i++;
        return s.substring(i);
    }

    static boolean allDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }
}
