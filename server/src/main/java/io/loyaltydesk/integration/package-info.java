/**
 * Moving data in and out of the program in bulk: CSV import/export jobs, webhooks and Kafka later. Today
 * it imports members from CSV ({@link io.loyaltydesk.integration.MemberImport}, over the API at
 * {@code POST /api/v1/imports/members} and on the console page {@code /console/members/import}), enrolling
 * and updating them through the members module so that every row is validated and audited like any other
 * change. It publishes no events yet.
 */
package io.loyaltydesk.integration;
