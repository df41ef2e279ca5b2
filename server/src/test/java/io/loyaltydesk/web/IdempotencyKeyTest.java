package io.loyaltydesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.IntegrationTest;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

class IdempotencyKeyTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndWritesNothing() throws Exception {
        var email = uniqueEmail();
        var body = "{\"email\": \"%s\"}".formatted(email);
        var key = "enroll-" + unique();

        var first = mvc.perform(post("/api/v1/members").with(apiKey()).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        var second = mvc.perform(post("/api/v1/members").with(apiKey()).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andReturn().getResponse().getContentAsString();

        assertThat(second).isEqualTo(first);
        assertThat(membersWithEmail(email)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() throws Exception {
        var key = "enroll-" + unique();
        mvc.perform(post("/api/v1/members").with(apiKey()).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"email\": \"%s\"}".formatted(uniqueEmail())))
                .andExpect(status().isCreated());
        var other = uniqueEmail();

        mvc.perform(post("/api/v1/members").with(apiKey()).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"email\": \"%s\"}".formatted(other)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("/problems/idempotency-key-reused"));
        assertThat(membersWithEmail(other)).isZero();
    }

    @Test
    void refusalsAreReplayedToo() throws Exception {
        var key = "bad-" + unique();
        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/api/v1/members").with(apiKey()).header("Idempotency-Key", key)
                            .contentType(MediaType.APPLICATION_JSON).content("{\"email\": \"nope\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("email"));
        }
    }

    @Test
    void concurrentRetriesEnrollOnce() throws Exception {
        var email = uniqueEmail();
        var body = "{\"email\": \"%s\"}".formatted(email);
        var key = "race-" + unique();
        var calls = new ArrayList<Callable<Integer>>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> mvc.perform(post("/api/v1/members").with(apiKey()).header("Idempotency-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse().getStatus());
        }
        try (var pool = Executors.newFixedThreadPool(10)) {
            var statuses = pool.invokeAll(calls).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            // each call either did the work, replayed it, or was told the first one is still running
            assertThat(statuses).allMatch(s -> s == 201 || s == 409);
            assertThat(statuses).contains(201);
        }
        assertThat(membersWithEmail(email)).isEqualTo(1);
    }

    private long membersWithEmail(String email) {
        return jdbc.sql("select count(*) from member_identifiers where kind = 'EMAIL' and value = :e")
                .param("e", email).query(Long.class).single();
    }
}
