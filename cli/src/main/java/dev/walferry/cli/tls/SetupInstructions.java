package dev.walferry.cli.tls;

import dev.walferry.protocol.tls.TlsFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** What {@code tls init} and {@code tls issue} tell the operator: which files go to which host, and how to use them. */
final class SetupInstructions {

    private final Path dir;
    private final String serverName;
    private final LocalDate expires;

    SetupInstructions(Path dir, String serverName, Validity leafValidity) {
        this.dir = dir;
        this.serverName = serverName;
        this.expires = LocalDate.ofInstant(leafValidity.notAfter(), ZoneOffset.UTC);
    }

    /** After {@code tls init}: the receiver's part, then each client's. */
    void print(PrintWriter out, List<String> identities) {
        out.printf(
                "Wrote the CA, the receiver certificate for %s and %d client certificate(s) to %s%n",
                serverName, identities.size(), dir);
        out.printf("Receiver and client certificates expire on %s (UTC).%n%n", expires);
        out.printf(
                "Receiver host: copy %s %s %s to %s (readable only by the user running walferry serve),"
                        + " then run:%n",
                TlsFiles.CA_CERT, TlsFiles.SERVER_CERT, TlsFiles.SERVER_KEY, dir);
        out.printf("  walferry serve --tls-dir %s ...%n", dir);
        out.printf(
                "Clients reach it as %s, where PORT is the port it listens on.%n%n",
                ServerNames.hostPort(serverName, "PORT"));
        for (String id : identities) {
            printClient(out, id);
        }
        if (identities.isEmpty()) {
            out.printf(
                    "No client certificates were made; make one with: walferry tls issue --dir %s --client ID%n%n",
                    dir);
        }
        printCaKeyAdvice(out);
    }

    /** After {@code tls issue}: one client's part. */
    void printIssued(PrintWriter out, String identity) {
        out.printf("Wrote the certificate of client %s to %s; it expires on %s (UTC).%n%n", identity, dir, expires);
        printClient(out, identity);
    }

    private void printClient(PrintWriter out, String id) {
        out.printf(
                "Host of client %s (the primary, or a standby that restores): copy %s %s %s to %s"
                        + " (readable only by the postgres user), then set in postgresql.conf:%n",
                id, TlsFiles.CA_CERT, id + TlsFiles.CERT_SUFFIX, id + TlsFiles.KEY_SUFFIX, dir);
        out.printf(
                "  archive_command = 'walferry push --server %s --archive main --tls-dir %s --identity %s"
                        + " %%p %%f'%n%n",
                ServerNames.hostPort(serverName, "PORT"), dir, id);
    }

    private void printCaKeyAdvice(PrintWriter out) {
        out.printf(
                "Keep %s off both hosts, somewhere safe: whoever has it can make certificates that the"
                        + " receiver accepts.%n",
                TlsFiles.CA_KEY);
        out.flush();
    }
}
