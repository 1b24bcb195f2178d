/**
 * Operating Wacht OAuth clients through Wacht's management API (the backend API):
 * {@link dev.wacht.management.WachtManagementClient} lists apps, clients and grants, updates or
 * deactivates a client, rotates its secret and revokes a grant, with the model types it answers
 * ({@link dev.wacht.management.OAuthApp}, {@link dev.wacht.management.OAuthClient},
 * {@link dev.wacht.management.OAuthGrant}, {@link dev.wacht.management.RotatedClientSecret}), the
 * changes it sends ({@link dev.wacht.management.OAuthClientUpdate}) and its failure
 * ({@link dev.wacht.management.WachtApiException}). It reads its settings from
 * {@link dev.wacht.core.WachtConfig} ({@code api-key}, {@code management-url}, timeouts, proxy and trust
 * store) and reports rotations and revocations as audit events. See docs/management.md.
 */
@NullMarked
package dev.wacht.management;

import org.jspecify.annotations.NullMarked;
