package io.loyaltydesk.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.loyaltydesk.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API, console and portal endpoint declares who may call it. The security chains only say "authenticated";
 * an endpoint that forgets {@code @PreAuthorize} would be open to every staff role or every API key.
 */
class EndpointAccessTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiAndConsoleHandlerDeclaresItsAccess() {
        var checked = new HashSet<String>();
        var undeclared = new ArrayList<String>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String path : info.getPatternValues()) {
                boolean guarded = path.startsWith("/api/v1") || path.startsWith("/console") || path.startsWith("/portal")
                        || path.startsWith("/desk");
                if (!guarded || path.equals("/console/login")) {
                    continue;
                }
                checked.add(path);
                boolean declared = AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PreAuthorize.class)
                        || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PreAuthorize.class);
                if (!declared) {
                    undeclared.add(info.getMethodsCondition() + " " + path + " -> " + handler);
                }
            }
        });
        assertThat(checked).as("the walk must see the endpoints it guards")
                .contains("/console/staff", "/console/api-keys", "/console/audit", "/console/stores",
                        "/api/v1/audit", "/api/v1/stores", "/api/v1/members", "/portal", "/portal/join", "/desk",
                        "/api/v1/conversations");
        assertThat(undeclared).as("handlers without @PreAuthorize").isEmpty();
    }
}
