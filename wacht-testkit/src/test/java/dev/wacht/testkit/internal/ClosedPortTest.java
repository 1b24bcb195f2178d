package dev.wacht.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** A reserved closed port refuses connections and cannot be taken by another server until released. */
class ClosedPortTest {

    @Test
    void refusesConnectionsAndCannotBeTakenUntilClosed() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int port;
        try (ClosedPort closed = ClosedPort.reserve()) {
            port = closed.port();
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(loopback, port), 5_000);
                }
            }).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> new ServerSocket(port, 1, loopback).close()).isInstanceOf(BindException.class);
        }
        try (ServerSocket server = new ServerSocket(port, 1, loopback)) {
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }
}
