package dev.walferry.it.pg;

import dev.walferry.pgctl.PgTools;
import dev.walferry.pgctl.PgWorkspace;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Owns the PostgreSQL servers of each test, in the manner of r2dbc-postgresql's
 * {@code PostgresqlServerExtension}: before each test a fresh {@link PgWorkspace} in its own temporary
 * directory, injected as a parameter; after it, every server is stopped (also when the test failed), the logs
 * of a failed test are kept ({@link FailedTestLogs}) and the directory is deleted.
 *
 * <p>Without PostgreSQL server binaries the test fails with {@link dev.walferry.pgctl.PgBinaries#NOT_FOUND_MESSAGE}:
 * these tests exist to run against the real server, so a silent skip would hide that nothing was tested.
 * Exclude the {@code postgres} tag to leave them out.
 */
public final class PostgresExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String WORKSPACE = "workspace";

    @Override
    public void beforeEach(ExtensionContext context) {
        PgWorkspace ws = PgWorkspace.createTemp(PgTools.detect(), "walferry-it-");
        context.getStore(NAMESPACE).put(WORKSPACE, new Owned(ws));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PgWorkspace.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return owned(context)
                .map(Owned::workspace)
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL workspace: is this a test method?"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Optional<Owned> owned = owned(context);
        if (owned.isPresent()) {
            context.getStore(NAMESPACE).remove(WORKSPACE);
            owned.get().finish(context);
        }
    }

    private static Optional<Owned> owned(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(WORKSPACE, Owned.class));
    }

    /** A workspace in the store; closed by JUnit as a last resort if {@link #afterEach} never ran. */
    private record Owned(PgWorkspace workspace) implements AutoCloseable {

        /** Stops every server, keeps the logs of a failed test, and deletes the directory. */
        void finish(ExtensionContext context) {
            RuntimeException stopFailure = null;
            try {
                workspace.close();
            } catch (RuntimeException e) {
                stopFailure = e;
            }
            Optional<Throwable> testFailure = context.getExecutionException();
            try {
                if (testFailure.isPresent() || stopFailure != null) {
                    FailedTestLogs.keep(context, workspace, testFailure.orElse(stopFailure));
                }
            } finally {
                if (stopFailure == null) {
                    workspace.delete();
                }
            }
            if (stopFailure != null) {
                throw stopFailure;
            }
        }

        @Override
        public void close() {
            try {
                workspace.close();
            } finally {
                workspace.delete();
            }
        }
    }
}
