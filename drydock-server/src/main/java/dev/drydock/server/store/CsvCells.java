package dev.drydock.server.store;

/**
 * The one rule for text put into a CSV cell that a spreadsheet may open: a value that begins with
 * {@code = + - @}, a tab or a carriage return gets a leading apostrophe, so it shows as text and is
 * never run as a formula (OWASP's advice on CSV injection). Used by every CSV drydock writes.
 */
public final class CsvCells {
    private CsvCells() {
    }

    /** {@code v} with formula triggers neutralised; null stays null. */
    public static String formulaSafe(String v) {
        if (v == null || v.isEmpty()) return v;
        return "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    }
}
