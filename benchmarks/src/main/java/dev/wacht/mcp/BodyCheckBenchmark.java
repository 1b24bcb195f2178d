package dev.wacht.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost of wacht-mcp's body check per {@code tools/call}, in one run against the same call
 * without it. {@code sdkOnly}: what the SDK's servlet transport does with every body anyway (decode,
 * {@code McpSchema.deserializeJsonRpcMessage}). {@code withCheck}: the same after the check
 * ({@link ScopeRules#check}: read with the SDK's mapper, find the tool's scopes, re-encode), on the
 * re-encoded body, as the transport then receives it. (In package {@code dev.wacht.mcp} to call the
 * package-private check itself, not a copy of it.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class BodyCheckBenchmark {
    private static final byte[] CALL = ("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"report\",\"arguments\":{\"quarter\":\"2026-Q3\",\"format\":\"pdf\",\"tags\":[\"a\",\"b\"]},"
            + "\"_meta\":{\"progressToken\":\"p-1\"}}}").getBytes(StandardCharsets.UTF_8);

    private final McpJsonMapper mapper = McpJsonDefaults.getMapper();
    private final ScopeRules rules = new ScopeRules(List.of("mcp:invoke"),
            Map.of("whoami", List.of(), "report", List.of("reports:read"), "admin", List.of("admin")),
            Map.of("summary", List.of("prompts:use")), Map.of("file:///reports/{name}", List.of("reports:read")));

    /** The transport's own work on the body, without the check. */
    @Benchmark
    public McpSchema.JSONRPCMessage sdkOnly() throws IOException {
        return McpSchema.deserializeJsonRpcMessage(mapper, new String(CALL, StandardCharsets.UTF_8));
    }

    /** The check, then the transport's own work on the re-encoded body. */
    @Benchmark
    public McpSchema.JSONRPCMessage withCheck() throws IOException {
        ScopeRules.Body checked = rules.check(CALL, mapper);
        if (checked.required().size() != 2) {
            throw new IllegalStateException("expected mcp:invoke and reports:read, got " + checked.required());
        }
        return McpSchema.deserializeJsonRpcMessage(mapper, new String(checked.canonical(), StandardCharsets.UTF_8));
    }
}
