package dev.parley.relay;

/**
 * One accepted TCP stream as the relay server sees it. The transport calls back into the
 * server's {@link RelayServer.Session} with the bytes it reads; the server writes with
 * {@link #write} and may {@link #close} at any time. Called on the node's event loop only.
 */
public interface RelayLink {

    /** Queues {@code bytes} for writing; never blocks. */
    void write(byte[] bytes);

    /** Bytes handed to {@link #write} that the socket has not taken yet. */
    long queuedBytes();

    /** Closes the stream; the transport then calls {@link RelayServer.Session#closed()}. */
    void close();

    /** For logs: the remote address. */
    String describe();
}
