package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import io.loyaltydesk.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import jakarta.servlet.http.Cookie;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Members who joined through the portal, with the session the join left them logged in with. */
abstract class PortalTestSupport extends IntegrationTest {

    static final String PASSWORD = "a long enough secret";

    @Autowired
    protected JdbcClient jdbc;

    record Joined(long memberId, String email, Cookie session) {
    }

    Joined join(String firstName) throws Exception {
        var email = uniqueEmail();
        var session = sessionOf(mvc.perform(post("/portal/join").with(csrf()).with(from(uniqueAddress()))
                        .param("firstName", firstName).param("email", email).param("password", PASSWORD)
                        .param("consents", "EMAIL"))
                .andExpect(redirectedUrl("/portal?welcome"))
                .andReturn());
        long memberId = jdbc.sql("select member_id from member_logins where email = :email").param("email", email)
                .query(Long.class).single();
        return new Joined(memberId, email, session);
    }

    /** The session cookie a response set (Spring Session keeps sessions in the database, not in the mock request). */
    static Cookie sessionOf(MvcResult result) {
        var cookies = java.util.Arrays.stream(result.getResponse().getCookies())
                .filter(c -> c.getName().equals("SESSION")).toList();
        assertThat(cookies).as("session cookie").isNotEmpty();
        return cookies.getLast();
    }

    /** The real login form of {@code path}, posted from {@code address}. */
    static RequestBuilder login(String path, String username, String password, String address) {
        return context -> {
            var request = formLogin(path).user(username).password(password).buildRequest(context);
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** Each test logs in from its own address, so that the per-address rate limit of one does not hit another. */
    static String uniqueAddress() {
        return "10.60." + (unique() % 250) + "." + (unique() % 250);
    }

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
