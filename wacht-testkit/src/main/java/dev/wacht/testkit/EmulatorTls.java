package dev.wacht.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS material of an emulator started with {@link WachtEmulator.Builder#https()}: a self-signed
 * certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, generated at start with the
 * running JDK's {@code keytool}, and a PKCS12 trust store holding only that certificate. The files live in
 * a temporary directory removed when the emulator closes.
 */
public final class EmulatorTls {
    private static final String ALIAS = "wacht-emulator";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final Path trustStore;
    private final String password;
    private final X509Certificate certificate;
    private final SSLContext serverContext;
    private final SSLContext clientContext;

    private EmulatorTls(Path directory, Path trustStore, String password, X509Certificate certificate,
            SSLContext serverContext, SSLContext clientContext) {
        this.directory = directory;
        this.trustStore = trustStore;
        this.password = password;
        this.certificate = certificate;
        this.serverContext = serverContext;
        this.clientContext = clientContext;
    }

    /** Generates a key pair and self-signed certificate; throws if keytool fails. */
    static EmulatorTls generate() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("wacht-emulator-tls");
            String password = Text.random43();
            Path keyStore = dir.resolve("server.p12");
            runKeytool(List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost", "-validity", "7",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
                    "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                    "-storepass", password, "-keypass", password));
            KeyStore server = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                server.load(in, password.toCharArray());
            }
            X509Certificate cert = (X509Certificate) server.getCertificate(ALIAS);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, cert);
            Path trustFile = dir.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(trustFile)) {
                trust.store(out, password.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(server, password.toCharArray());
            SSLContext serverContext = SSLContext.getInstance("TLS");
            serverContext.init(kmf.getKeyManagers(), null, null);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext clientContext = SSLContext.getInstance("TLS");
            clientContext.init(null, tmf.getTrustManagers(), null);
            return new EmulatorTls(dir, trustFile, password, cert, serverContext, clientContext);
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("cannot generate the emulator's TLS certificate", e);
        } catch (GeneralSecurityException e) {
            delete(dir);
            throw new IllegalStateException("cannot generate the emulator's TLS certificate", e);
        }
    }

    private static void runKeytool(List<String> args) throws IOException {
        Path keytool = Paths.get(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (InputStream out = process.getInputStream()) {
            String output = new String(out.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(keytool + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(keytool + " failed (exit " + process.exitValue() + "): " + output.trim());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + keytool, e);
        }
    }

    /** The emulator's self-signed certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A PKCS12 file holding only {@link #certificate()}, protected by {@link #trustStorePassword()}. */
    public Path trustStorePath() {
        return trustStore;
    }

    /** The password of {@link #trustStorePath()}. */
    public String trustStorePassword() {
        return password;
    }

    /** The type of {@link #trustStorePath()}: {@code PKCS12}. */
    public String trustStoreType() {
        return "PKCS12";
    }

    /** A client-side context that trusts only the emulator's certificate. */
    public SSLContext clientSslContext() {
        return clientContext;
    }

    SSLContext serverSslContext() {
        return serverContext;
    }

    void delete() {
        delete(directory);
    }

    private static void delete(@Nullable Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it up eventually
        }
    }
}
