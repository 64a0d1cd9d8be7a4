package dev.drydock.server.ingest;

import dev.drydock.image.BadInputException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader: fields separated by commas, quoted with double quotes, a doubled quote inside quotes is
 * one quote, line breaks inside quotes belong to the field, records end with CRLF or LF. A leading UTF-8 BOM is
 * dropped. Bounded: a field longer than {@code maxField} characters is cut (the row is still read, and
 * {@link #lastRowHadLongField()} says so), a row with more than {@code maxFields} fields is an error for that
 * row only. Lenient where exports are sloppy: a quote in the middle of an unquoted field is kept as text, and
 * text after a closing quote is appended.
 */
final class CsvReader {
    private final Reader in;
    private final int maxField;
    private final int maxFields;
    private int peeked = -2;
    private long line = 1;
    private long rowStartLine;
    private boolean longField;
    private boolean tooManyFields;
    private boolean first = true;

    CsvReader(Reader in, int maxField, int maxFields) {
        this.in = in;
        this.maxField = maxField;
        this.maxFields = maxFields;
    }

    /** The next record, or null at the end of input. A blank line is an empty list. */
    List<String> next() throws IOException {
        longField = false;
        tooManyFields = false;
        rowStartLine = line;
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') c = read();
        }
        if (c == -1) return null;
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        while (true) {
            if (quoted) {
                if (c == -1) throw new BadInputException("CSV: a quoted field starting on line " + rowStartLine + " is never closed");
                if (c == '"') {
                    int n = read();
                    if (n == '"') append(field, '"');
                    else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') line++;
                    append(field, (char) c);
                }
                c = read();
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n' && n != -1) unread(n);
                }
                if (c != -1) line++;
                if (!(row.isEmpty() && field.isEmpty() && fieldStart)) addField(row, field);
                return row;
            }
            if (c == ',') {
                addField(row, field);
                field.setLength(0);
                fieldStart = true;
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else {
                append(field, (char) c);
                fieldStart = false;
            }
            c = read();
        }
    }

    private void addField(List<String> row, StringBuilder field) {
        if (row.size() >= maxFields) {
            tooManyFields = true;
            return;
        }
        row.add(field.toString());
    }

    private void append(StringBuilder field, char c) {
        if (field.length() < maxField) field.append(c);
        else longField = true;
    }

    /** The line the last row started on (1-based), for messages. */
    long rowLine() {
        return rowStartLine;
    }

    boolean lastRowHadLongField() {
        return longField;
    }

    boolean lastRowHadTooManyFields() {
        return tooManyFields;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int p = peeked;
            peeked = -2;
            return p;
        }
        return in.read();
    }

    private void unread(int c) {
        peeked = c;
    }
}
