package dev.walferry.client.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How PostgreSQL is recovering, read from its data directory (restore_command runs with the data directory as
 * its working directory). It decides what a transport failure may be reported as (docs/postgres-contract.md R4).
 */
public enum RecoveryMode {
    /** standby.signal (12+) or standby_mode=on in recovery.conf (11 and older): PostgreSQL retries "not found". */
    STANDBY,
    /** recovery.signal without standby.signal, or recovery.conf without standby_mode: "not found" ends recovery. */
    TARGETED,
    /** Not run from a data directory in recovery (a manual restore). */
    NONE;

    /** PostgreSQL's parse_bool for "true": on, 1, and any unique prefix of true or yes, in any case. */
    private static final Pattern STANDBY_MODE_ON =
            Pattern.compile("(?mi)^\\s*standby_mode\\s*=\\s*'?(on|1|t|tr|tru|true|y|ye|yes)'?\\s*(#.*)?$");

    public static RecoveryMode detect(Path dataDir) {
        if (Files.exists(dataDir.resolve("standby.signal"))) {
            return STANDBY;
        }
        if (Files.exists(dataDir.resolve("recovery.signal"))) {
            return TARGETED;
        }
        Path conf = dataDir.resolve("recovery.conf");
        if (Files.exists(conf)) {
            try {
                return STANDBY_MODE_ON.matcher(Files.readString(conf)).find() ? STANDBY : TARGETED;
            } catch (IOException e) {
                return TARGETED;
            }
        }
        return NONE;
    }
}
