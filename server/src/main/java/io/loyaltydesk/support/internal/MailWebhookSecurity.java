package io.loyaltydesk.support.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The inbound-mail webhook's door: no session, no CSRF token (a mail provider posts it), no login; the endpoint
 * checks the body's HMAC signature itself.
 */
@Configuration(proxyBeanMethods = false)
class MailWebhookSecurity {

    @Bean
    @Order(5)
    SecurityFilterChain mailWebhookChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/mail/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable());
        return http.build();
    }
}
