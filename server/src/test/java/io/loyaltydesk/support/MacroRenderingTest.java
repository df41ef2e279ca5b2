package io.loyaltydesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MacroRenderingTest {

    @Test
    void placeholdersAreFilledInOnePassAndValuesAreNeverReadAsTemplates() {
        var rendered = Macros.render("Hi {{member.firstName}}, you have {{ points.available }} points. {{agent.name}}",
                Map.of("member.firstName", "{{agent.name}}", "points.available", "1,250", "agent.name", "Jonas"));
        assertThat(rendered).isEqualTo("Hi {{agent.name}}, you have 1,250 points. Jonas");
    }

    @Test
    void valuesAreInsertedLiterallyIncludingMarkupAndDollarSigns() {
        var rendered = Macros.render("Dear {{member.firstName}}", Map.of("member.firstName", "<script>$1\\</script>"));
        assertThat(rendered).isEqualTo("Dear <script>$1\\</script>");
    }

    @Test
    void unknownOrMissingValuesStayAsWritten() {
        assertThat(Macros.render("{{tier.name}} {{member.password}}", Map.of()))
                .isEqualTo("{{tier.name}} {{member.password}}");
    }
}
