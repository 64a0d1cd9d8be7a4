package dev.drydock.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs: one JSON object per line on the server's stderr ({@code ts}, {@code level},
 * {@code event}, then the event's fields), for a log shipper to parse without patterns. Values are
 * whatever the caller passes: never pass a secret, a token or a database URL.
 */
public final class Log {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintStream out;
    private final Clock clock;

    public Log(PrintStream out) {
        this(out, Clock.systemUTC());
    }

    public Log(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public void info(String event, Object... fields) {
        write("info", event, fields);
    }

    public void warn(String event, Object... fields) {
        write("warn", event, fields);
    }

    public void error(String event, Object... fields) {
        write("error", event, fields);
    }

    /** {@code fields} alternate name and value. */
    private void write(String level, String event, Object... fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", Instant.ofEpochMilli(clock.millis()).toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object v = fields[i + 1];
            line.put(String.valueOf(fields[i]), v instanceof Number || v instanceof Boolean || v == null ? v : String.valueOf(v));
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            text = "{\"level\":\"error\",\"event\":\"log.unserialisable\"}";
        }
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
