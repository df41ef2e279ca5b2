/**
 * Platform: what every module runs on but no business capability owns. The database (an embedded
 * PostgreSQL by default, or an external one), the clock, the data directory and the program's
 * top-level configuration properties. It publishes no events and owns no tables.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.loyaltydesk.platform;
