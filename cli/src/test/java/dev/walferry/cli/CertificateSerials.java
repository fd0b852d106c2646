package dev.walferry.cli;

import dev.walferry.client.transport.ClientTlsContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;

/** Certificate serial numbers (hex) as a new connection sees them and as the files hold them. */
final class CertificateSerials {

    private CertificateSerials() {}

    /** The serial of the certificate a receiver on 127.0.0.1:{@code port} presents to client "primary". */
    static String presented(Path tlsDir, int port) throws Exception {
        try (SSLSocket s = (SSLSocket)
                ClientTlsContext.load(tlsDir, "primary").getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0])
                    .getSerialNumber()
                    .toString(16);
        }
    }

    /** The serial of a PEM certificate file. */
    static String ofFile(Path cert) throws Exception {
        try (InputStream in = Files.newInputStream(cert)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber()
                    .toString(16);
        }
    }
}
