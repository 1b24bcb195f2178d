package dev.wacht.jaxrs;

import dev.wacht.core.ErrorResponse;
import jakarta.ws.rs.core.Response;

/** Turns core's rendered {@link ErrorResponse} into a JAX-RS {@link Response}. */
final class Responses {
    private Responses() {
    }

    static Response of(ErrorResponse error) {
        Response.ResponseBuilder builder = Response.status(error.status()).entity(error.body());
        error.headers().forEach(builder::header);
        return builder.build();
    }
}
