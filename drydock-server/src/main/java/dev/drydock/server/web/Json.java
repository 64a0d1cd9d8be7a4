package dev.drydock.server.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.drydock.model.Severity;
import dev.drydock.server.store.Role;
import dev.drydock.server.store.Stage;
import dev.drydock.server.store.TriageState;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON in and out of the web layer. Responses are written here rather than through Javalin's mapper so
 * that one configured mapper (ISO instants, no nulls dropped silently) serves every endpoint; request
 * bodies are read with a hard byte limit and a bounded, strict parser.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 24).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .registerModule(new JavaTimeModule())
            .registerModule(ids())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Enums as the lower-case ids the rest of drydock uses ({@code critical}, {@code ci}), not constant names. */
    private static SimpleModule ids() {
        SimpleModule m = new SimpleModule("drydock-ids");
        m.addSerializer(Role.class, new IdSerializer<>(Role.class, Role::id));
        m.addSerializer(Stage.class, new IdSerializer<>(Stage.class, Stage::id));
        m.addSerializer(Severity.class, new IdSerializer<>(Severity.class, Severity::id));
        m.addSerializer(TriageState.class, new IdSerializer<>(TriageState.class, TriageState::id));
        return m;
    }

    private static final class IdSerializer<T> extends StdSerializer<T> {
        private final java.util.function.Function<T, String> id;

        IdSerializer(Class<T> type, java.util.function.Function<T, String> id) {
            super(type);
            this.id = id;
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(id.apply(value));
        }
    }

    static void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }

    static void error(Context ctx, int status, String message) {
        write(ctx, status, Map.of("error", message));
    }

    /** The body as a JSON tree, at most {@code limit} bytes: 413 beyond it, 400 when it is not JSON. */
    static JsonNode body(Context ctx, long limit) {
        byte[] bytes = Bodies.read(ctx, limit);
        try {
            JsonNode n = MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode()) throw ApiError.badRequest("request body is empty");
            return n;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON in request body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bounded reading of a request body, shared by JSON and form posts. */
    static final class Bodies {
        private Bodies() {
        }

        static byte[] read(Context ctx, long limit) {
            // Content-Length first: refuse without reading. Chunked bodies carry none, so count as we read too.
            refuseDeclaredOver(ctx, limit);
            try (InputStream in = ctx.bodyInputStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                if (bytes.length > limit) throw ApiError.tooLarge(limit);
                return bytes;
            } catch (IOException e) {
                throw ApiError.badRequest("cannot read request body");
            }
        }

        /** 413 when the request declares a Content-Length over {@code limit}; 400 when it is malformed. */
        static void refuseDeclaredOver(Context ctx, long limit) {
            String declared = ctx.header("Content-Length");
            if (declared != null) {
                long length;
                try {
                    length = Long.parseLong(declared.strip());
                } catch (NumberFormatException e) {
                    throw ApiError.badRequest("malformed Content-Length");
                }
                if (length > limit) {
                    // A client that sends its body before reading the answer (no Expect: 100-continue) loses
                    // the 413 when the connection closes on unread bytes: a body a little over the limit
                    // is read and dropped first, so that it gets a clean answer; a huge one is not.
                    if (length - limit <= DRAIN_BEYOND_LIMIT) drain(ctx);
                    throw ApiError.tooLarge(limit);
                }
            }
        }

        /** How far over the limit a declared body is still read and dropped before the 413. */
        static final long DRAIN_BEYOND_LIMIT = 8L << 20;

        private static void drain(Context ctx) {
            try (InputStream in = ctx.bodyInputStream()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // The answer is a 413 either way.
            }
        }
    }
}
