package io.influxupgrade.commands.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server that accepts connections and never answers: what a hung server looks like to a client, for
 * timeouts and interrupts. The connections it accepted are held open until {@link #closeAccepted} or {@link #close}.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private SilentServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on a free loopback port and accepts (on a daemon thread) until closed. */
    public static SilentServer start() throws IOException {
        SilentServer s = new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    s.accepted.add(s.socket.accept());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return s;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Whether a client has connected yet. */
    public boolean connected() {
        return !accepted.isEmpty();
    }

    /** Closes the connections accepted so far (the clients then see the connection end). */
    public void closeAccepted() throws IOException {
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeAccepted();
        socket.close();
    }
}
