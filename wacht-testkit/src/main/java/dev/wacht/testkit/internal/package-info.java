/**
 * The wacht-jakarta project's own test support: the hostile-header corpus, the RFC 6750 challenge
 * parser, the secret watch, raw-socket HTTP and held-closed ports. Not part of the emulator's offering:
 * unsupported, and it may change or go away in any release without notice.
 */
@NullMarked
package dev.wacht.testkit.internal;

import org.jspecify.annotations.NullMarked;
