package io.loyaltydesk.staff.internal;

import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three doors: {@code /api/**} for API keys (stateless, no CSRF, problem details on refusal),
 * {@code /console/**} and {@code /desk/**} for staff (form login, session, CSRF), and public assets.
 * What each endpoint needs beyond "authenticated" is declared on the endpoint with {@code @PreAuthorize}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final RateLimits.Limit LOGIN_ATTEMPTS = new RateLimits.Limit("console-login", 10, Duration.ofMinutes(1));
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
            + "form-action 'self'";

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt for new hashes, and the {id} prefix lets a later ADR move to Argon2 without a reset
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeys keys, JsonMapper json) throws Exception {
        http.securityMatcher("/api/**", "/actuator/prometheus")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/docs", "/api/docs/**").permitAll()
                        .requestMatchers("/actuator/prometheus").hasAuthority("SCOPE_metrics:read")
                        .anyRequest().authenticated())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new ApiKeyFilter(keys, json), UsernamePasswordAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> writeProblem(response, json,
                                HttpStatus.UNAUTHORIZED, "unauthorized",
                                "Send an API key as 'Authorization: Bearer <key>'"))
                        .accessDeniedHandler((request, response, ex) -> writeProblem(response, json,
                                HttpStatus.FORBIDDEN, "forbidden", "This API key lacks the scope this operation needs")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain staffChain(HttpSecurity http, RateLimits rateLimits) throws Exception {
        http.securityMatcher("/console/**", "/desk/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/login").permitAll()
                        .anyRequest().hasAnyRole("ADMIN", "PROGRAM_MANAGER", "SUPERVISOR", "AGENT", "STORE_STAFF",
                                "READ_ONLY"))
                .formLogin(f -> f
                        .loginPage("/console/login")
                        .defaultSuccessUrl("/console", false)
                        .failureUrl("/console/login?error"))
                .logout(l -> l
                        .logoutUrl("/console/logout")
                        .logoutSuccessUrl("/console/login?logout"))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)))
                .addFilterBefore(new LoginRateLimitFilter(rateLimits), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    @Order(10)
    SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/", "/error", "/css/**", "/js/**", "/img/**", "/webjars/**", "/media/**", "/favicon.ico",
                                "/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().denyAll())
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    static void writeProblem(HttpServletResponse response, JsonMapper json, HttpStatus status, String type,
            String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.of(status, type, detail));
    }

    /** Authenticates {@code Authorization: Bearer <api key>}; a wrong key is refused at once. */
    static final class ApiKeyFilter extends OncePerRequestFilter {

        private final ApiKeys keys;
        private final JsonMapper json;

        ApiKeyFilter(ApiKeys keys, JsonMapper json) {
            this.keys = keys;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                var principal = keys.authenticate(header.substring(7).strip());
                if (principal.isEmpty()) {
                    writeProblem(response, json, HttpStatus.UNAUTHORIZED, "unauthorized",
                            "The API key is unknown or revoked");
                    return;
                }
                var authorities = principal.get().scopes().stream()
                        .map(s -> new SimpleGrantedAuthority("SCOPE_" + s.value())).toList();
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(principal.get(), null, authorities));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }
    }

    /** Slows down password guessing from one address, whichever usernames it tries. */
    static final class LoginRateLimitFilter extends OncePerRequestFilter {

        private final RateLimits rateLimits;

        LoginRateLimitFilter(RateLimits rateLimits) {
            this.rateLimits = rateLimits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("POST".equals(request.getMethod()) && "/console/login".equals(request.getServletPath())
                    && !rateLimits.tryAcquire(LOGIN_ATTEMPTS, request.getRemoteAddr())) {
                response.sendRedirect(request.getContextPath() + "/console/login?throttled");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
