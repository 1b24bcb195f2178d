/**
 * The supported API of {@code wacht-core}: the configuration, the authenticator that decides a request,
 * its outcome and principal, and the verifier SPI that the adapters build on.
 */
@NullMarked
package dev.wacht.core;

import org.jspecify.annotations.NullMarked;
