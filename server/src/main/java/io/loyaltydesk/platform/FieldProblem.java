package io.loyaltydesk.platform;

/** One bad field in a request: its name as the client sent it and a sentence a person can act on. */
public record FieldProblem(String field, String message) {
}
