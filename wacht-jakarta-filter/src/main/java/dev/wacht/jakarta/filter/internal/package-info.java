/**
 * The filter module's plumbing: reading a declared filter's settings and failing a misconfigured
 * deployment at start-up. <b>Not a supported API</b>: it may change or go in any release.
 */
@NullMarked
package dev.wacht.jakarta.filter.internal;

import org.jspecify.annotations.NullMarked;
