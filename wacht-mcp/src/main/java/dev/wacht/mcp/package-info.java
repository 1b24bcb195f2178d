/**
 * Wacht protection for servers built on the MCP Java SDK: the filter in front of its servlet transport
 * ({@link dev.wacht.mcp.WachtMcpFilter}) and the verified caller inside handlers ({@link dev.wacht.mcp.WachtMcp}).
 */
@NullMarked
package dev.wacht.mcp;

import org.jspecify.annotations.NullMarked;
