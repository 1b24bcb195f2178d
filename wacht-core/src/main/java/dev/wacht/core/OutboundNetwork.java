package dev.wacht.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * How the library's HTTP clients reach the network: the outbound proxy and the trust anchors for TLS,
 * both through the JDK's own mechanisms ({@link ProxySelector}, an {@link SSLContext} over a trust
 * store). Checked and loaded when the configuration is built, so a wrong path or password fails the
 * deployment, not the first request.
 */
final class OutboundNetwork {
    static final String NO_PROXY = "none";
    static final URI NONE = URI.create(NO_PROXY);

    private final @Nullable URI proxy;
    private final @Nullable ProxySelector proxySelector;
    private final @Nullable Path trustStore;
    private final @Nullable String trustStorePassword;
    private final String trustStoreType;
    private final @Nullable SSLContext sslContext;

    OutboundNetwork(@Nullable URI proxy, @Nullable Path trustStore, @Nullable String trustStorePassword,
            String trustStoreType) {
        this.proxy = proxy;
        this.proxySelector = proxy == null ? null : selector(proxy);
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.trustStoreType = trustStoreType;
        if (trustStore == null && trustStorePassword != null) {
            throw WachtConfig.invalid(WachtConfig.TRUST_STORE_PASSWORD, "is set, but wacht."
                    + WachtConfig.TRUST_STORE + " is not");
        }
        this.sslContext = trustStore == null ? null : load(trustStore, trustStorePassword, trustStoreType);
    }

    Optional<URI> proxy() {
        return Optional.ofNullable(proxy);
    }

    Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    @Nullable String trustStorePassword() {
        return trustStorePassword;
    }

    String trustStoreType() {
        return trustStoreType;
    }

    /** Applies the proxy and trust anchors, where configured, to a client builder. */
    HttpClient.Builder apply(HttpClient.Builder builder) {
        if (proxySelector != null) {
            builder.proxy(proxySelector);
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        return builder;
    }

    private static ProxySelector selector(URI proxy) {
        if (proxy.equals(NONE)) {
            return HttpClient.Builder.NO_PROXY;
        }
        String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") || proxy.getHost() == null || proxy.getPort() < 1) {
            throw WachtConfig.invalid(WachtConfig.PROXY, "expected http://host:port (an HTTP proxy; HTTPS targets"
                    + " go through it with CONNECT) or none, got " + WachtConfig.quoted(safe(proxy)));
        }
        if (proxy.getRawUserInfo() != null) {
            throw WachtConfig.invalid(WachtConfig.PROXY, "proxy credentials are not supported; allow the"
                    + " Wacht endpoints on the proxy without authentication");
        }
        String path = proxy.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || proxy.getRawQuery() != null) {
            throw WachtConfig.invalid(WachtConfig.PROXY, "expected http://host:port without a path, got "
                    + WachtConfig.quoted(safe(proxy)));
        }
        return ProxySelector.of(InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort()));
    }

    /** The proxy URI without user info, fit for a message. */
    private static String safe(URI proxy) {
        return proxy.getRawUserInfo() == null ? proxy.toString()
                : proxy.getScheme() + "://" + proxy.getHost() + (proxy.getPort() < 0 ? "" : ":" + proxy.getPort());
    }

    private static SSLContext load(Path file, @Nullable String password, String type) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw WachtConfig.invalid(WachtConfig.TRUST_STORE_TYPE, "unknown key store type " + WachtConfig.quoted(type)
                    + " (use PKCS12 or JKS)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        } catch (NoSuchFileException e) {
            throw WachtConfig.invalid(WachtConfig.TRUST_STORE, "no such file: "
                    + WachtConfig.quoted(file.toAbsolutePath()));
        } catch (IOException e) {
            boolean badPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
            throw WachtConfig.invalid(badPassword ? WachtConfig.TRUST_STORE_PASSWORD : WachtConfig.TRUST_STORE,
                    badPassword ? "does not open " + file.toAbsolutePath()
                            : "cannot read " + file.toAbsolutePath() + " as a " + type + " key store ("
                            + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            throw WachtConfig.invalid(WachtConfig.TRUST_STORE, "cannot read " + file.toAbsolutePath() + " as a "
                    + type + " key store (" + e.getClass().getSimpleName() + ")");
        }
        try {
            if (store.size() == 0) {
                throw WachtConfig.invalid(WachtConfig.TRUST_STORE, file.toAbsolutePath() + " holds no certificates");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw WachtConfig.invalid(WachtConfig.TRUST_STORE, "cannot use " + file.toAbsolutePath()
                    + " as trust anchors (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return (proxy == null ? "" : ", proxy=" + safe(proxy)) + (trustStore == null ? "" : ", trustStore="
                + trustStore + " (" + trustStoreType + ")");
    }
}
