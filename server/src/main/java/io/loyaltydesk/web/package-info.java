/**
 * Web plumbing shared by every module's pages and API: the console layout and design system, error
 * pages, and RFC 9457 problem details for every API error. It owns no business data and no tables.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.loyaltydesk.web;
