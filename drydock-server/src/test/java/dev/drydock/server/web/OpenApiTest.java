package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTest {
    @Test
    void everyRegisteredRouteIsDocumented() throws IOException {
        try (TestServer s = new TestServer()) {
            var r = s.get("/api/openapi.json", null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode doc = TestServer.json(r);
            assertThat(doc.get("openapi").asText()).startsWith("3.1");
            assertThat(s.server.routes()).isNotEmpty();
            for (Routes.Route route : s.server.routes()) {
                JsonNode path = doc.get("paths").get(route.path());
                assertThat(path).as(route.toString()).isNotNull();
                assertThat(path.get(route.method().toLowerCase(Locale.ROOT))).as(route.toString()).isNotNull();
            }
        }
    }
}
