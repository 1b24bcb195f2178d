package dev.wacht.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback TCP port that refuses connections and that nothing else can take while this is open:
 * a socket bound to it that does not listen. Unlike closing a {@code ServerSocket(0)} and using its
 * port later, no other process can start listening there in between. Close it to free the port
 * (right before binding a server to it on purpose).
 */
public final class ClosedPort implements AutoCloseable {
    private final Socket socket;

    private ClosedPort(Socket socket) {
        this.socket = socket;
    }

    /** Reserves a free loopback port, refusing connections until closed. */
    public static ClosedPort reserve() {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new ClosedPort(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    /** The port. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Frees the port. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
