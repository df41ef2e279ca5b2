package io.loyaltydesk.staff;

/** A shop of the business, grouped in a region; {@code live} says whether the program runs there yet. */
public record Store(long id, String code, String name, String region, String city, boolean live) {
}
