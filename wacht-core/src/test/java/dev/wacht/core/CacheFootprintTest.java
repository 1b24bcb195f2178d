package dev.wacht.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The verification cache's memory per cached principal, measured as the benchmarks measure it
 * ({@link CacheFootprint}: used heap after GC with the cache filled, minus before; and JOL's deep
 * size of the cached outcomes). The README's figure is about 1.3 KB per entry, of which about
 * 630 bytes are the principal; the bounds are generous for a noisy heap but fail on a 2x regression.
 */
class CacheFootprintTest {
    private static final int ENTRIES = 5_000;
    /** Bytes of heap per cached entry: README 1343, a 2x regression 2686. */
    static final long MAX_HEAP_PER_ENTRY = 2_000;
    /** Bytes of the cached outcome (the principal) per entry, by JOL: README about 630, a 2x regression 1260. */
    static final long MAX_OUTCOME_PER_ENTRY = 1_000;

    static {
        // JOL otherwise tries to attach the Serviceability Agent, which takes about 40 s and is not needed.
        System.setProperty("jol.skipHotspotSAAttach", "true");
    }

    @Test
    void aCachedPrincipalCostsAboutWhatTheReadmeSays() throws Exception {
        CacheFootprint.Report report = CacheFootprint.measure(ENTRIES);
        System.out.println("cache footprint: " + report);
        assertThat(report.heapDelta / ENTRIES).as("heap bytes per entry").isLessThanOrEqualTo(MAX_HEAP_PER_ENTRY);
        assertThat(report.outcomesDeep / ENTRIES).as("outcome bytes per entry").isLessThanOrEqualTo(MAX_OUTCOME_PER_ENTRY);
    }
}
