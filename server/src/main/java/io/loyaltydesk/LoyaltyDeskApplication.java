package io.loyaltydesk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Loyalty Desk: a loyalty program and the support desk that serves its members, in one server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = {"platform", "web"})
public class LoyaltyDeskApplication {

    public static void main(String[] args) {
        SpringApplication.run(LoyaltyDeskApplication.class, DemoSwitch.translate(args));
    }
}
