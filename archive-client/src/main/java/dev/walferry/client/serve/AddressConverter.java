package dev.walferry.client.serve;

import dev.walferry.client.transport.ReceiverAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} options of serve; port 0 means any free port. */
final class AddressConverter implements ITypeConverter<ReceiverAddress> {

    @Override
    public ReceiverAddress convert(String value) {
        try {
            return ReceiverAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
