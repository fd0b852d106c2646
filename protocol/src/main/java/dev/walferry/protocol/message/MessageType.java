package dev.walferry.protocol.message;

import dev.walferry.protocol.codec.ProtocolException;

/** The frame type byte. Values are part of the wire format and never reused. */
public enum MessageType {
    HELLO(1),
    PUT(2),
    DATA(3),
    PUT_END(4),
    RESULT(5),
    GET(6),
    FILE(7),
    STAT(8),
    LIST(9),
    ENTRY(10),
    STATUS(11),
    ITEM(12),
    VERIFY(13),
    SHOW(14),
    CLEANUP(15);

    private static final MessageType[] BY_VALUE = new MessageType[16];

    static {
        for (MessageType t : values()) {
            BY_VALUE[t.value] = t;
        }
    }

    private final int value;

    MessageType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** @throws ProtocolException for a value that names no type */
    public static MessageType of(int value) {
        if (value < 0 || value >= BY_VALUE.length || BY_VALUE[value] == null) {
            throw new ProtocolException("unknown message type " + value);
        }
        return BY_VALUE[value];
    }
}
