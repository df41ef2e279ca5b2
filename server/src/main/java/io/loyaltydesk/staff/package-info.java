/**
 * Staff and access: staff accounts and their roles, API keys with scopes, the stores and regions the
 * program runs in, and the append-only audit log every module writes its changes to. It owns the
 * security set-up of the console, the desk and the API. Its API is {@link io.loyaltydesk.staff.AuditTrail},
 * {@link io.loyaltydesk.staff.Actor}, {@link io.loyaltydesk.staff.Stores},
 * {@link io.loyaltydesk.staff.StaffDirectory} (creating accounts from other modules) and the access rules in
 * {@link io.loyaltydesk.staff.Access}.
 */
package io.loyaltydesk.staff;
