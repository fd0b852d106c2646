package dev.walferry.cli.tls;

import dev.walferry.client.failure.ExitCode;
import dev.walferry.client.failure.WalferryException;
import dev.walferry.protocol.tls.PemFiles;
import dev.walferry.protocol.tls.TlsConfigException;
import dev.walferry.protocol.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** The steps {@code tls init} and {@code tls issue} share, with their failures as {@link WalferryException}s. */
final class TlsDirectory {

    private TlsDirectory() {}

    static String identity(String name) {
        try {
            return TlsFiles.requireValidIdentity(name);
        } catch (TlsConfigException e) {
            throw new WalferryException(ExitCode.USAGE, e.getMessage());
        }
    }

    static void checkDays(int days, int max) {
        if (days < 1 || days > max) {
            throw new WalferryException(ExitCode.USAGE, "--days " + days + " is out of range: use 1 to " + max);
        }
    }

    /** Creates {@code dir} with mode 0700 unless it exists; an existing directory keeps its mode. */
    static void create(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new WalferryException(ExitCode.USAGE, "--dir " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PemFiles.DIR_MODE));
        } catch (IOException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, "cannot create directory " + dir + ": " + reason(e), e);
        }
    }

    /** Unless {@code force}, refuses to go on if any of {@code files} exists, naming the first one. */
    static void refuseExisting(List<Path> files, boolean force) {
        if (force) {
            return;
        }
        for (Path file : files) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new WalferryException(
                        ExitCode.USAGE, file + " already exists; nothing was written (use --force to replace it)");
            }
        }
    }

    static void write(Path certFile, Path keyFile, CertifiedKey pair) {
        try {
            PemFiles.writePrivateKey(keyFile, pair.privateKey());
        } catch (IOException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, "cannot write " + keyFile + ": " + reason(e), e);
        }
        try {
            PemFiles.writeCertificate(certFile, pair.certificate());
        } catch (IOException e) {
            throw new WalferryException(ExitCode.LOCAL_IO, "cannot write " + certFile + ": " + reason(e), e);
        }
    }

    static Path clientCert(Path dir, String identity) {
        try {
            return TlsFiles.clientCert(dir, identity);
        } catch (TlsConfigException e) {
            throw new WalferryException(ExitCode.USAGE, e.getMessage());
        }
    }

    static Path clientKey(Path dir, String identity) {
        try {
            return TlsFiles.clientKey(dir, identity);
        } catch (TlsConfigException e) {
            throw new WalferryException(ExitCode.USAGE, e.getMessage());
        }
    }

    /** The cause of an I/O failure in words, without the exception class. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
