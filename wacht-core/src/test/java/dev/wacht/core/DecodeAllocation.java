package dev.wacht.core;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Bytes allocated by the calling thread to decode one allowed gateway answer (the 1090-byte example of
 * docs/wacht-wire.md, {@link GatewayResponsesTest#ALLOWED}) into its outcome, principal included: a
 * load-independent number, counted with {@code ThreadMXBean.getThreadAllocatedBytes} over many decodes
 * after a warm-up. Run by hand (docs/performance.md, "Allocation per call"):
 * {@code java -cp <core test and main classes, class path> dev.wacht.core.DecodeAllocation}.
 */
public final class DecodeAllocation {
    private DecodeAllocation() {
    }

    /**
     * Prints the bytes per decode.
     *
     * @param args optionally the number of decodes measured (default 200 000)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        GatewayResponses decoder = new GatewayResponses(Duration.ofSeconds(5));
        VerificationRequest request = new VerificationRequest(BearerCredential.of("oat_x"),
                CredentialKind.OAUTH_ACCESS_TOKEN, AccessRequest.builder().method("POST").resource("mcp")
                        .requiredPermissions(List.of("mcp:invoke")).build());
        byte[] body = GatewayResponsesTest.ALLOWED.getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int allowed = 0;
        for (int i = 0; i < n; i++) { // warm-up, so that the JIT's escape analysis is in the numbers
            allowed += decoder.decode(request, 200, "application/json", body).isAllowed() ? 1 : 0;
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < n; i++) {
            allowed += decoder.decode(request, 200, "application/json", body).isAllowed() ? 1 : 0;
        }
        long bytes = threads.getThreadAllocatedBytes(id) - before;
        System.out.printf("decode of one allowed answer (%d bytes): %d B allocated per call (%d of %d allowed)%n",
                body.length, bytes / n, allowed, 2 * n);
    }
}
