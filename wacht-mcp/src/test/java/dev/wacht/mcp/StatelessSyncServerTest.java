package dev.wacht.mcp;

/** {@link McpScenarios} on the SDK's STATELESS_SYNC server. */
class StatelessSyncServerTest extends McpScenarios {
    @Override
    McpTestServer.Kind kind() {
        return McpTestServer.Kind.STATELESS_SYNC;
    }
}
