package dev.walferry.protocol.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The walferry identity of the peer of a TLS session.
 *
 * <p>The identity is the common name (CN) of the subject of the peer's end-entity certificate: the
 * certificate that the handshake already verified against {@code ca.crt}. {@code walferry tls init} and
 * {@code tls issue} put the identity there ({@code CN=ID}). Subject alternative names are not consulted: client
 * certificates carry none, and a CN is what operators see in {@code openssl x509 -subject}. The CN must be a
 * {@link TlsFiles#isValidIdentity valid identity name}, appear exactly once, and is returned as written
 * (case-sensitive), so that it can be looked up in the receiver's configuration as is.
 */
public final class PeerIdentity {

    private PeerIdentity() {}

    /**
     * @throws SSLPeerUnverifiedException if the peer sent no certificate, or its subject has no CN, several CNs,
     *     or a CN that is not a valid identity name
     */
    public static String of(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            throw new SSLPeerUnverifiedException("peer sent no X.509 certificate");
        }
        String subject = cert.getSubjectX500Principal().getName();
        List<String> names = commonNames(subject);
        if (names.size() != 1) {
            throw new SSLPeerUnverifiedException("peer certificate subject '" + subject + "' has " + names.size()
                    + " common names (CN); expected exactly one, the identity");
        }
        String identity = names.get(0);
        if (!TlsFiles.isValidIdentity(identity)) {
            throw new SSLPeerUnverifiedException(
                    "peer certificate subject '" + subject + "' has a CN that is not a valid identity name");
        }
        return identity;
    }

    private static List<String> commonNames(String rfc2253) throws SSLPeerUnverifiedException {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(rfc2253).getRdns()) {
                // an RDN may hold several attributes (CN=a+CN=b); count every CN value
                Attribute cn = rdn.toAttributes().get("CN");
                for (int i = 0; cn != null && i < cn.size(); i++) {
                    names.add(String.valueOf(cn.get(i)));
                }
            }
        } catch (NamingException e) {
            throw new SSLPeerUnverifiedException("peer certificate subject '" + rfc2253 + "' cannot be parsed");
        }
        return names;
    }
}
