/**
 * Wacht protection for JAX-RS resources: {@link dev.wacht.jaxrs.WachtFeature} enforces
 * {@link dev.wacht.jaxrs.RequiresScope} and answers refusals as RFC 6750 bearer errors.
 */
@NullMarked
package dev.wacht.jaxrs;

import org.jspecify.annotations.NullMarked;
