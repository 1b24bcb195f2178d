package dev.wacht.benchmarks;

import dev.wacht.core.CacheFootprint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs every benchmark of this module with JMH (each in its own forked JVM), then the cache memory
 * measurement, and prints one summary with the ratios against each baseline. Arguments: optional
 * regular expressions selecting benchmarks (default: all); {@code --no-memory} skips the memory
 * measurement, {@code --memory-only} runs nothing else. JMH's own command line stays available as {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 */
public final class BenchmarksMain {
    private static final int CACHED_PRINCIPALS = 100_000;

    private BenchmarksMain() {
    }

    /** Runs the benchmarks and prints the summary. */
    public static void main(String[] args) throws Exception {
        List<String> includes = new ArrayList<>();
        boolean memory = true;
        boolean jmh = true;
        for (String arg : args) {
            if (arg.equals("--no-memory")) {
                memory = false;
            } else if (arg.equals("--memory-only")) {
                jmh = false;
            } else {
                includes.add(arg);
            }
        }
        OptionsBuilder options = new OptionsBuilder();
        if (includes.isEmpty()) {
            options.include(BenchmarksMain.class.getPackageName() + ".*Benchmark");
        }
        includes.forEach(options::include);
        Collection<RunResult> results = jmh ? new Runner(options.build()).run() : List.of();

        Map<String, Statistics> stats = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1");
            String endpoint = r.getParams().getParam("endpoint");
            stats.put(endpoint == null ? name : name + ":" + endpoint, r.getPrimaryResult().getStatistics());
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
        throughput(stats, "FilterBenchmark.call:unprotected", null);
        throughput(stats, "FilterBenchmark.call:cache-on", "FilterBenchmark.call:unprotected");
        throughput(stats, "FilterBenchmark.call:cache-off", "FilterBenchmark.call:unprotected");
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
        System.out.println(line);
    }

    private static void throughput(Map<String, Statistics> stats, String name, String baseline) {
        Statistics s = stats.get(name);
        if (s == null) {
            return;
        }
        String line = String.format(Locale.ROOT, "%-45s %10.0f requests/s (± %.0f)", name, s.getMean(),
                s.getStandardDeviation());
        Statistics b = baseline == null ? null : stats.get(baseline);
        if (b != null) {
            line += String.format(Locale.ROOT, "  ratio %.3f", s.getMean() / b.getMean());
        }
        System.out.println(line);
    }
}
