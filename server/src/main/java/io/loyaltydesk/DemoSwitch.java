package io.loyaltydesk;

import java.util.Arrays;

/**
 * Turns the friendly {@code --demo} command-line switch into the property that enables demo data,
 * so that {@code java -jar loyaltydesk.jar --demo} and {@code ./loyaltydesk run --demo} read naturally.
 */
final class DemoSwitch {

    private DemoSwitch() {
    }

    static String[] translate(String[] args) {
        return Arrays.stream(args)
                .map(arg -> arg.equals("--demo") ? "--loyaltydesk.demo.enabled=true" : arg)
                .toArray(String[]::new);
    }
}
