/**
 * The Wacht test kit: an in-process emulator of the Wacht gateway, admin API and OAuth issuer, and a
 * JUnit 5 extension that starts it, for testing applications without the Wacht cloud.
 */
@NullMarked
package dev.wacht.testkit;

import org.jspecify.annotations.NullMarked;
