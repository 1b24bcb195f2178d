/**
 * Where the log audit listener writes its lines, kept in a package of its own so that log formatters show
 * {@code dev.wacht.audit}. <b>Not a supported API.</b>
 */
@NullMarked
package dev.wacht.audit.internal;

import org.jspecify.annotations.NullMarked;
