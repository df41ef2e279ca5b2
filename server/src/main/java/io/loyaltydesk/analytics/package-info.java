/**
 * Analytics: program and support KPIs, dashboards and exports. For now it owns the console's home
 * page with the figures the other modules can already answer. It reads other modules' APIs and owns
 * no tables yet.
 */
package io.loyaltydesk.analytics;
