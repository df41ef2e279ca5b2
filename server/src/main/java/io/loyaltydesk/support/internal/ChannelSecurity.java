package io.loyaltydesk.support.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The public doors of the support desk, each deliberately narrow:
 * <ul>
 * <li>{@code /support/widget/**}, the embeddable chat: no login and no cookies (a visitor proves who they are with
 * the signed token in a header, so CSRF does not apply); the page may be framed only by the origins listed in
 * {@code loyaltydesk.support.widget.allowed-origins} ({@code frame-ancestors}); no CORS: the widget's page and
 * its API share our origin, and other sites only embed the iframe (and load the embed script, which needs no
 * CORS).</li>
 * <li>{@code /support/providers/**} and {@code /webhooks/mail/**}, the webhooks of the SMS/social providers and of
 * the inbound-mail provider: no session, no CSRF, no login; every request must carry a valid HMAC signature,
 * checked by the handler over the raw body.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ChannelSecurity {

    @Bean
    @Order(6)
    SecurityFilterChain widgetChain(HttpSecurity http, WidgetProperties widget) throws Exception {
        var ancestors = new StringBuilder("'self'");
        widget.allowedOrigins().forEach(origin -> ancestors.append(' ').append(origin));
        var policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors "
                + ancestors;
        http.securityMatcher("/support/widget/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .headers(h -> h
                        // frame-ancestors decides who may frame the widget; X-Frame-Options cannot list origins
                        .frameOptions(f -> f.disable())
                        .contentSecurityPolicy(c -> c.policyDirectives(policy)));
        return http.build();
    }

    @Bean
    @Order(5)
    SecurityFilterChain signedWebhooksChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/support/providers/**", "/webhooks/mail/**")
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
