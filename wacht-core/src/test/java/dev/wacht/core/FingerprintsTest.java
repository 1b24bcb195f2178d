package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The credential digests, which reuse idle SHA-256 instances across threads. */
class FingerprintsTest {
    @Test
    void concurrentCallersEachGetTheirOwnValuesDigest() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(() -> {
                    MessageDigest reference = MessageDigest.getInstance("SHA-256");
                    int checked = 0;
                    for (int i = 0; i < 5_000; i++) {
                        // Lengths across the 64-byte block boundary and past the reused buffer, some non-ASCII.
                        String value = "oat_" + thread + "_" + i + "x".repeat(i % 97 + (i % 7 == 0 ? 1100 : 0))
                                + (i % 5 == 0 ? "\u00e9" : i % 5 == 1 ? "\u20ac\ud83d\ude00" : "");
                        byte[] expected = reference.digest(value.getBytes(StandardCharsets.UTF_8));
                        assertThat(Fingerprints.sha256(value)).as(value).isEqualTo(expected);
                        checked++;
                    }
                    return checked;
                });
            }
            for (Future<Integer> done : pool.invokeAll(tasks)) {
                assertThat(done.get()).isEqualTo(5_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fingerprintsAreThePrefixOfTheHexDigest() {
        BearerCredential credential = BearerCredential.of("oat_fingerprint");
        assertThat(credential.sha256Hex()).hasSize(64);
        assertThat(credential.fingerprint()).isEqualTo("sha256:" + credential.sha256Hex().substring(0, 12));
    }
}
