/**
 * The management module's plumbing: the management API's JSON and the {@code wacht} command line's
 * entry point. <b>Not a supported API</b>: it may change or go in any release. Applications use
 * {@link dev.wacht.management.WachtManagementClient}, and scripts the command line.
 */
@NullMarked
package dev.wacht.management.internal;

import org.jspecify.annotations.NullMarked;
