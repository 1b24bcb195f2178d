/**
 * The servlet filter that protects HTTP resources with Wacht access tokens ({@link dev.wacht.jakarta.filter.WachtFilter}),
 * its options and the authenticated request it hands on.
 */
@NullMarked
package dev.wacht.jakarta.filter;

import org.jspecify.annotations.NullMarked;
