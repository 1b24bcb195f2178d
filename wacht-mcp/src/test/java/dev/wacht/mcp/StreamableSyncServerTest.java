package dev.wacht.mcp;

/** {@link McpScenarios} on the SDK's STREAMABLE_SYNC server. */
class StreamableSyncServerTest extends McpScenarios {
    @Override
    McpTestServer.Kind kind() {
        return McpTestServer.Kind.STREAMABLE_SYNC;
    }
}
