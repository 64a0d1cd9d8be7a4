package dev.drydock.server.web;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.drydock.server.web.Html.Attrs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlTest {
    @Test
    void textAndAttributeValuesAreEscaped() {
        String s = Html.el("a", Attrs.of("title", "\"><script>x</script>"), Html.text("<b>&'\"</b>")).toString();
        assertThat(s).isEqualTo("<a title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">&lt;b&gt;&amp;&#39;&quot;&lt;/b&gt;</a>");
    }

    @Test
    void namesAndLinksCannotCarryCode() {
        assertThatThrownBy(() -> Attrs.of("onclick", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attrs.of("x\" onload=\"y", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attrs.of("href", "javascript:alert(1)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attrs.of("href", "//evil.example")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Html.el("script x", Html.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hrefEncodesQueryValues() {
        assertThat(Html.href("/", Map.of("repository", "a&b=c\"<"))).isEqualTo("/?repository=a%26b%3Dc%22%3C");
    }
}
