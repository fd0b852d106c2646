package dev.walferry.cli.serve;

import dev.walferry.protocol.ReceiverAddress;
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
