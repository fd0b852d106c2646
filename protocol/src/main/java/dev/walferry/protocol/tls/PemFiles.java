package dev.walferry.protocol.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes PEM certificates and unencrypted PKCS#8 PEM private keys ({@code BEGIN PRIVATE KEY}, which
 * Netty, OpenSSL and the JDK all read). Files are written atomically with their final permissions from the
 * start: a temporary file created with the mode, then renamed over the target, then the directory fsynced,
 * so a key is never readable by others, not even for a moment and not after {@code --force}.
 */
public final class PemFiles {

    /** Private keys: owner read/write only. */
    public static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
    /** Certificates are public: owner read/write, everyone read. */
    public static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");
    /** The TLS directory when we create it: owner only. */
    public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private PemFiles() {}

    public static void writeCertificate(Path file, X509Certificate cert) throws IOException {
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode certificate for " + file + ": " + e.getMessage(), e);
        }
        writeAtomically(file, pem("CERTIFICATE", der), CERT_MODE);
    }

    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IOException("cannot write " + file + ": key format is " + key.getFormat() + ", not PKCS#8");
        }
        writeAtomically(file, pem("PRIVATE KEY", key.getEncoded()), KEY_MODE);
    }

    /** The first certificate of a PEM file. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        Object pem = readFirst(file);
        if (!(pem instanceof X509CertificateHolder holder)) {
            throw new IOException(file + " does not start with a PEM certificate (BEGIN CERTIFICATE)");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " holds an unreadable certificate: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 ({@code BEGIN PRIVATE KEY}) or OpenSSL EC/RSA ({@code BEGIN EC PRIVATE KEY}) unencrypted key. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        Object pem = readFirst(file);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (pem instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        if (pem instanceof PEMKeyPair pair) {
            return converter.getKeyPair(pair).getPrivate();
        }
        throw new IOException(file + " does not hold an unencrypted PEM private key (BEGIN PRIVATE KEY)");
    }

    private static Object readFirst(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object first = parser.readObject();
            if (first == null) {
                throw new IOException(file + " holds no PEM object");
            }
            return first;
        } catch (RuntimeException e) { // Bouncy Castle reports bad base64 and DER unchecked
            throw new IOException(file + " is not valid PEM: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Temp file with {@code mode} in the same directory → write → force → rename over {@code file} → fsync. */
    private static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(mode);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attribute);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
