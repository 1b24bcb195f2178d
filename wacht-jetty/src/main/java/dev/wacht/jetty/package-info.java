/**
 * Wacht on Jetty 12 (ee10): a Jetty {@link org.eclipse.jetty.security.Authenticator} that makes a Wacht
 * credential the container's caller, so that security constraints, {@code getUserPrincipal()} and
 * {@code isUserInRole()} see the {@link dev.wacht.core.WachtPrincipal}; see docs/container-security.md.
 */
@NullMarked
package dev.wacht.jetty;

import org.jspecify.annotations.NullMarked;
