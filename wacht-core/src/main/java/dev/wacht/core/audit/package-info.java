/**
 * Audit events of the library's decisions, the listeners that receive them, their dispatcher and the
 * built-in log and Micrometer listeners.
 */
@NullMarked
package dev.wacht.core.audit;

import org.jspecify.annotations.NullMarked;
