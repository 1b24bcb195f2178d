package dev.wacht.jaxrs;

import dev.wacht.core.WachtAccessException;
import dev.wacht.core.WachtAuthenticator;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Objects;

/**
 * Answers a {@link WachtAccessException} thrown by application code (for example from
 * {@code outcome.principalOrThrow()}) exactly as the filter answers the same outcome: status,
 * {@code WWW-Authenticate}, {@code Retry-After} and JSON body. {@link WachtFeature} registers it.
 */
public final class WachtAccessExceptionMapper implements ExceptionMapper<WachtAccessException> {
    private final WachtAuthenticator authenticator;

    /** A mapper rendering answers with the authenticator's realm and resource metadata URL. */
    public WachtAccessExceptionMapper(WachtAuthenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public Response toResponse(WachtAccessException exception) {
        return Responses.of(authenticator.errorResponse(exception.outcome()));
    }
}
