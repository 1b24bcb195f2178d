package dev.wacht.testkit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth client created with {@link WachtEmulator#createClient(String)}. Like Wacht, the emulator shows
 * the secret only here; {@link #toString()} masks it. Immutable.
 */
public final class MintedClient {
    private final String clientId;
    private final String clientRecordId;
    private final String clientAuthMethod;
    private final @Nullable String clientSecret;

    MintedClient(String clientId, String clientRecordId, String clientAuthMethod, @Nullable String clientSecret) {
        this.clientId = clientId;
        this.clientRecordId = clientRecordId;
        this.clientAuthMethod = clientAuthMethod;
        this.clientSecret = clientSecret;
    }

    /** The public client id ({@code oc_…}). */
    public String clientId() {
        return clientId;
    }

    /** The numeric record id (the {@code {id}} of the management routes). */
    public String clientRecordId() {
        return clientRecordId;
    }

    /** The client authentication method, e.g. {@code client_secret_basic} or {@code none}. */
    public String clientAuthMethod() {
        return clientAuthMethod;
    }

    /** The secret ({@code oc_secret_} and 43 base64url characters); empty for {@code none} and {@code private_key_jwt}. */
    public Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    @Override
    public String toString() {
        return "MintedClient[clientId=" + clientId + ", clientRecordId=" + clientRecordId + ", clientAuthMethod="
                + clientAuthMethod + ", clientSecret=" + (clientSecret == null ? "none" : "oc_secret_…") + "]";
    }
}
