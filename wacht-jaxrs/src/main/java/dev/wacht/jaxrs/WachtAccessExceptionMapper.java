package dev.wacht.jaxrs;

import dev.wacht.core.WachtAccessException;
import dev.wacht.core.WachtAuthenticator;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers a {@link WachtAccessException} thrown by application code (for example from
 * {@code outcome.principalOrThrow()}) exactly as the filter answers the same outcome: status,
 * {@code WWW-Authenticate}, {@code Retry-After} and JSON body. {@link WachtFeature} registers it.
 */
public final class WachtAccessExceptionMapper implements ExceptionMapper<WachtAccessException> {
    private final Supplier<WachtAuthenticator> authenticator;

    /** A mapper rendering answers with the authenticator's realm and resource metadata URL. */
    public WachtAccessExceptionMapper(WachtAuthenticator authenticator) {
        Objects.requireNonNull(authenticator, "authenticator");
        this.authenticator = () -> authenticator;
    }

    /** A mapper whose authenticator is settled on first use (see {@link WachtFeature}). */
    WachtAccessExceptionMapper(Supplier<WachtAuthenticator> authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Response toResponse(WachtAccessException exception) {
        return Responses.of(authenticator.get().errorResponse(exception.outcome()));
    }
}
