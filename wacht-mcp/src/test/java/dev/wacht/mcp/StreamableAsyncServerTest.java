package dev.wacht.mcp;

/** {@link McpScenarios} on the SDK's STREAMABLE_ASYNC server. */
class StreamableAsyncServerTest extends McpScenarios {
    @Override
    McpTestServer.Kind kind() {
        return McpTestServer.Kind.STREAMABLE_ASYNC;
    }
}
