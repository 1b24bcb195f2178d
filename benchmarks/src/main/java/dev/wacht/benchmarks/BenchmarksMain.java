package dev.wacht.benchmarks;

import dev.wacht.core.CacheFootprint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs every benchmark of this module with JMH (each in its own forked JVM), then the cache memory
 * measurement and the side-by-side comparison with Spring Security ({@link PeerComparison}), and
 * prints one summary with the ratios against each baseline. Arguments: optional regular expressions
 * selecting benchmarks (default: all); {@code --no-memory} and {@code --no-peers} skip the memory
 * measurement and the comparison; {@code --memory-only} and {@code --peers-only} run nothing else. JMH's own command line stays available as {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 */
public final class BenchmarksMain {
    private static final int CACHED_PRINCIPALS = 100_000;
    private static final Map<String, Double> BYTES_PER_OP = new HashMap<>();

    private BenchmarksMain() {
    }

    /** Runs the benchmarks and prints the summary. */
    public static void main(String[] args) throws Exception {
        List<String> includes = new ArrayList<>();
        boolean memory = true;
        boolean jmh = true;
        boolean peers = true;
        for (String arg : args) {
            if (arg.equals("--no-memory")) {
                memory = false;
            } else if (arg.equals("--no-peers")) {
                peers = false;
            } else if (arg.equals("--memory-only")) {
                jmh = false;
                peers = false;
            } else if (arg.equals("--peers-only")) {
                jmh = false;
                memory = false;
            } else {
                includes.add(arg);
            }
        }
        OptionsBuilder options = new OptionsBuilder();
        if (includes.isEmpty()) {
            options.include(BenchmarksMain.class.getPackageName() + ".*Benchmark");
            options.include("dev.wacht.mcp.*Benchmark");
            options.include("dev.wacht.core.*Benchmark");
        }
        includes.forEach(options::include);
        options.addProfiler(GCProfiler.class); // bytes allocated per operation, by every thread of the fork
        Collection<RunResult> results = jmh ? new Runner(options.build()).run() : List.of();

        Map<String, Statistics> stats = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
            String endpoint = r.getParams().getParam("endpoint");
            String key = endpoint == null ? name : name + ":" + endpoint;
            stats.put(key, r.getPrimaryResult().getStatistics());
            Result<?> allocated = r.getSecondaryResults().get("gc.alloc.rate.norm");
            if (allocated != null) {
                BYTES_PER_OP.put(key, allocated.getScore());
            }
        }
        System.out.println();
        System.out.println("== Summary (" + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs) ==");
        latency(stats, "VerificationBenchmark.baselineEmptyVerifier", null, "ns");
        latency(stats, "VerificationBenchmark.cacheHit", "VerificationBenchmark.baselineEmptyVerifier", "ns");
        latency(stats, "VerificationBenchmark.cacheHitJwt", "VerificationBenchmark.baselineEmptyVerifier", "ns");
        latency(stats, "VerificationBenchmark.jwtLocal", "VerificationBenchmark.baselineEmptyVerifier", "ns");
        latency(stats, "GatewayBenchmark.bareHttpClient", null, "us");
        latency(stats, "GatewayBenchmark.gatewayMiss", "GatewayBenchmark.bareHttpClient", "us");
        latency(stats, "MissWorkBenchmark.encode", null, "ns");
        latency(stats, "MissWorkBenchmark.decode", null, "ns");
        latency(stats, "TransportBenchmark.reusedRequestByteArray", null, "us");
        for (String way : List.of("builtRequestByteArray", "builtRequestBoundedBody", "builtRequestOwnSubscriber")) {
            latency(stats, "TransportBenchmark." + way, "TransportBenchmark.reusedRequestByteArray", "us");
        }
        throughput(stats, "FilterBenchmark.call:unprotected", null);
        throughput(stats, "FilterBenchmark.call:cache-on", "FilterBenchmark.call:unprotected");
        throughput(stats, "FilterBenchmark.call:cache-off", "FilterBenchmark.call:unprotected");
        latency(stats, "BodyCheckBenchmark.sdkOnly", null, "ns");
        latency(stats, "BodyCheckBenchmark.withCheck", "BodyCheckBenchmark.sdkOnly", "ns");
        throughput(stats, "FilterBenchmark.call:spring-chain", "FilterBenchmark.call:unprotected");
        if (peers) {
            PeerComparison.main(new String[0]);
        }
        if (memory) {
            CacheFootprint.Report report = CacheFootprint.measure(CACHED_PRINCIPALS);
            System.out.println(report.histogram.lines().dropWhile(l -> !l.contains("COUNT")).limit(20)
                    .reduce("", (a, b) -> a + "\n" + b));
            System.out.println("memory: " + report);
        }
    }

    private static void latency(Map<String, Statistics> stats, String name, String baseline, String unit) {
        Statistics s = stats.get(name);
        if (s == null) {
            return;
        }
        String line = String.format(Locale.ROOT, "%-45s p50 %10.2f %s  p90 %10.2f %s  mean %10.2f %s", name,
                s.getPercentile(50), unit, s.getPercentile(90), unit, s.getMean(), unit);
        Statistics b = baseline == null ? null : stats.get(baseline);
        if (b != null) {
            line += String.format(Locale.ROOT, "  p50 ratio %.3f, +%.2f %s", s.getPercentile(50) / b.getPercentile(50),
                    s.getPercentile(50) - b.getPercentile(50), unit);
        }
        System.out.println(line + allocated(name));
    }

    private static void throughput(Map<String, Statistics> stats, String name, String baseline) {
        Statistics s = stats.get(name);
        if (s == null) {
            return;
        }
        String line = String.format(Locale.ROOT, "%-45s %10.0f requests/s (median of %d iterations; mean %.0f ± %.0f)",
                name, s.getPercentile(50), s.getN(), s.getMean(), s.getStandardDeviation());
        Statistics b = baseline == null ? null : stats.get(baseline);
        if (b != null) {
            line += String.format(Locale.ROOT, "  ratio of medians %.3f", s.getPercentile(50) / b.getPercentile(50));
        }
        System.out.println(line + allocated(name));
    }

    private static String allocated(String name) {
        Double bytes = BYTES_PER_OP.get(name);
        return bytes == null ? "" : String.format(Locale.ROOT, "  %.0f B allocated/op (all threads)", bytes);
    }
}
