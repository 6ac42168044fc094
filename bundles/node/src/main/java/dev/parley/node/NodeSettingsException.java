package dev.parley.node;

/** A flag, config file or nodes file the node cannot use; the message is one line for a person. */
final class NodeSettingsException extends Exception {
    private static final long serialVersionUID = 1L;

    NodeSettingsException(String message) {
        super(message);
    }
}
