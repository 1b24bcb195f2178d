package dev.wacht.management;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The changes of an update-client call ({@code PATCH /oauth/apps/{slug}/clients/{id}}); fields left
 * unset stay unchanged. Wacht's own validation is applied when building, with Wacht's messages, so an
 * invalid update fails before any call. Immutable.
 */
public final class OAuthClientUpdate {
    static final int MIN_TTL_SECONDS = 60;
    static final int MAX_TTL_SECONDS = 86_400;

    private final @Nullable String accessTokenFormat;
    private final @Nullable Integer accessTokenTtlSeconds;

    private OAuthClientUpdate(Builder b) {
        if (b.accessTokenFormat != null && !b.accessTokenFormat.equals("opaque") && !b.accessTokenFormat.equals("jwt")) {
            throw new IllegalArgumentException("access_token_format must be 'opaque' or 'jwt'");
        }
        if (b.accessTokenTtlSeconds != null
                && (b.accessTokenTtlSeconds < MIN_TTL_SECONDS || b.accessTokenTtlSeconds > MAX_TTL_SECONDS)) {
            throw new IllegalArgumentException("access_token_ttl_seconds must be between 60 and 86400");
        }
        this.accessTokenFormat = b.accessTokenFormat;
        this.accessTokenTtlSeconds = b.accessTokenTtlSeconds;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The new access-token format, {@code opaque} or {@code jwt}. */
    public Optional<String> accessTokenFormat() {
        return Optional.ofNullable(accessTokenFormat);
    }

    /** The new access-token lifetime in seconds (60 to 86400). */
    public OptionalInt accessTokenTtlSeconds() {
        return accessTokenTtlSeconds == null ? OptionalInt.empty() : OptionalInt.of(accessTokenTtlSeconds);
    }

    /** The request body's fields (only the set ones). */
    Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (accessTokenFormat != null) {
            m.put("access_token_format", accessTokenFormat);
        }
        if (accessTokenTtlSeconds != null) {
            m.put("access_token_ttl_seconds", accessTokenTtlSeconds);
        }
        return m;
    }

    @Override
    public String toString() {
        return "OAuthClientUpdate" + fields();
    }

    /** Collects an update; not thread-safe. */
    public static final class Builder {
        private @Nullable String accessTokenFormat;
        private @Nullable Integer accessTokenTtlSeconds;

        private Builder() {
        }

        /** {@code opaque} or {@code jwt}. */
        public Builder accessTokenFormat(String format) {
            this.accessTokenFormat = format;
            return this;
        }

        /** 60 to 86400 seconds. */
        public Builder accessTokenTtlSeconds(int seconds) {
            this.accessTokenTtlSeconds = seconds;
            return this;
        }

        /**
         * Builds the update.
         *
         * @throws IllegalArgumentException with Wacht's message for an invalid value
         */
        public OAuthClientUpdate build() {
            return new OAuthClientUpdate(this);
        }
    }
}
