package io.loyaltydesk.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The local time with the remembered offset period is {@link LocalDateTime#ofInstant}'s, in any order of instants:
 * on, just before and just after the zones' transitions, across years and in zones with odd rules.
 */
class LocalTimesTest {

    static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
            ZoneId.of("Australia/Lord_Howe"), ZoneId.of("America/Sao_Paulo"), ZoneId.of("Asia/Kolkata"),
            ZoneId.of("UTC"), ZoneId.of("+05:30"));

    @Property(tries = 200)
    void theLocalTimeIsTheZonesLocalTime(@ForAll long seed) {
        var random = new SplittableRandom(seed);
        var zone = ZONES.get(random.nextInt(ZONES.size()));
        var rules = zone.getRules();
        var localTimes = new LocalTimes(zone);
        var around = Instant.parse("1960-01-01T00:00:00Z").plusSeconds(random.nextLong(120L * 365 * 86_400));
        for (int i = 0; i < 200; i++) {
            Instant instant = switch (random.nextInt(4)) {
                // a transition near the last instant, or the one after it, exactly or within a few seconds
                case 0, 1 -> {
                    var transition = random.nextBoolean() ? rules.nextTransition(around)
                            : rules.previousTransition(around);
                    yield transition == null ? around
                            : transition.getInstant().plusSeconds(random.nextInt(5) - 2)
                                    .plusNanos(random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
                }
                case 2 -> around.plusSeconds(random.nextLong(-40L * 86_400, 40L * 86_400));
                default -> Instant.parse("1900-01-01T00:00:00Z").plusSeconds(random.nextLong(200L * 365 * 86_400));
            };
            assertThat(localTimes.of(instant)).as("%s in %s", instant, zone)
                    .isEqualTo(LocalDateTime.ofInstant(instant, zone));
            around = instant;
        }
    }
}
