package io.loyaltydesk.messaging.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;

/** SMS go to the configured provider as a JSON POST with the bearer token, over real HTTP (WireMock). */
class SmsDeliveryTest {

    private WireMockServer provider;

    @BeforeEach
    void start() {
        provider = new WireMockServer(wireMockConfig().dynamicPort());
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    /** A generous timeout: the first request to a fresh WireMock on a busy machine can take seconds. */
    private Deliveries deliveries(String url, String token) {
        return deliveries(url, token, Duration.ofSeconds(30));
    }

    private Deliveries deliveries(String url, String token, Duration timeout) {
        var properties = new MessagingProperties("Club <club@example.test>", null,
                new MessagingProperties.Sms(url, token, "CoffeeClub", timeout),
                new MessagingProperties.Outbox(50, 8, Duration.ofMinutes(1), Duration.ofHours(6)), Duration.ofDays(7));
        return new Deliveries(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), properties);
    }

    @Test
    void anSmsIsPostedAsJsonWithTheToken() {
        provider.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(202)));
        deliveries(provider.baseUrl() + "/v1/messages", "secret-token").sms("+4915112345678", "Your code is 123456");
        provider.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Authorization", equalTo("Bearer secret-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"to": "+4915112345678", "from": "CoffeeClub", "text": "Your code is 123456"}
                        """)));
    }

    @Test
    void aRefusalFailsTheDeliveryWithoutRepeatingTheText() {
        provider.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(500)
                .withBody("could not send 'Your code is 123456'")));
        assertThatThrownBy(() -> deliveries(provider.baseUrl() + "/v1/messages", "t").sms("+4915112345678",
                "Your code is 123456"))
                .isInstanceOf(Deliveries.DeliveryFailed.class)
                .hasMessageContaining("HTTP 500")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("123456"));
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeFailsTheDelivery() {
        provider.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200).withFixedDelay(5000)));
        assertThatThrownBy(() -> deliveries(provider.baseUrl() + "/v1/messages", "t", Duration.ofMillis(500))
                .sms("+4915112345678", "hi"))
                .isInstanceOf(Deliveries.DeliveryFailed.class);
    }

    @Test
    void withoutAProviderNothingIsSentAndTheReasonIsClear() {
        assertThatThrownBy(() -> deliveries("", null).sms("+4915112345678", "hi"))
                .isInstanceOf(Deliveries.DeliveryFailed.class)
                .hasMessageContaining("loyaltydesk.messaging.sms.url");
        assertThat(provider.getAllServeEvents()).isEmpty();
    }
}
