package io.loyaltydesk.platform;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Health is public for load balancers; metrics need an API key with the metrics:read scope. */
class ActuatorTest extends IntegrationTest {

    @Test
    void healthAndReadinessArePublic() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
    }

    @Test
    void prometheusMetricsNeedAKeyWithTheMetricsScope() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").with(apiKey()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("jvm_memory_used_bytes")))
                .andExpect(content().string(containsString("hikaricp_connections")));
    }

    @Test
    void theOpenApiDescriptionIsServed() throws Exception {
        mvc.perform(get("/api/docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/purchases']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/members']").exists());
    }
}
