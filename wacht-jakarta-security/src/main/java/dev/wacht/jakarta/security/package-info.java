/**
 * Wacht as the container's authentication: a Jakarta Security mechanism, a Jakarta Authentication
 * (JASPIC) module, CDI beans and MicroProfile Config settings.
 */
@NullMarked
package dev.wacht.jakarta.security;

import org.jspecify.annotations.NullMarked;
