/**
 * Plumbing that wacht-jakarta's own modules share with {@code wacht-core}: making the library's HTTP
 * clients, reading bounded answers, naming a failed call for the person on call, strict JSON field
 * readers and the library version. <b>Not a supported API</b>: nothing here is covered by the
 * versioning rules of the changelog, and any of it may change or go in any release. Applications use
 * {@code dev.wacht.core} and the adapters' packages instead.
 */
@NullMarked
package dev.wacht.core.internal;

import org.jspecify.annotations.NullMarked;
