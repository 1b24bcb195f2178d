package dev.wacht.testkit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** An API key minted by the emulator. Immutable. */
public final class MintedApiKey {
    private final String apiKey;
    private final String keyId;
    private final String keyName;
    private final String appSlug;

    MintedApiKey(String apiKey, String keyId, String keyName, String appSlug) {
        this.apiKey = apiKey;
        this.keyId = keyId;
        this.keyName = keyName;
        this.appSlug = appSlug;
    }

    /** The secret key, {@code wk_test_} followed by 43 base64url characters. */
    public String apiKey() {
        return apiKey;
    }

    /** The key's numeric id. */
    public String keyId() {
        return keyId;
    }

    /** The key's name. */
    public String keyName() {
        return keyName;
    }

    /** The API-auth app slug, {@code aa_<deployment_id>}. */
    public String appSlug() {
        return appSlug;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MintedApiKey)) {
            return false;
        }
        MintedApiKey m = (MintedApiKey) o;
        return apiKey.equals(m.apiKey) && keyId.equals(m.keyId) && keyName.equals(m.keyName)
                && appSlug.equals(m.appSlug);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiKey, keyId, keyName, appSlug);
    }

    @Override
    public String toString() {
        return "MintedApiKey[apiKey=wk_…, keyId=" + keyId + ", keyName=" + keyName + ", appSlug=" + appSlug + "]";
    }
}
