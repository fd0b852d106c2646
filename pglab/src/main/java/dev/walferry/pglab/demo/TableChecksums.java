package dev.walferry.pglab.demo;

import dev.walferry.pgctl.PgCluster;
import java.util.LinkedHashMap;
import java.util.Map;

/** Row count and an md5 over the ordered rows of each pgbench table, to compare two clusters' data. */
public final class TableChecksums {

    /** Each pgbench table with the key it is ordered by. */
    private static final Map<String, String> TABLES = Map.of(
            "pgbench_accounts",
            "aid",
            "pgbench_branches",
            "bid",
            "pgbench_tellers",
            "tid",
            "pgbench_history",
            "tid, bid, aid, delta, mtime");

    private TableChecksums() {}

    /** table name → "count md5". */
    public static Map<String, String> of(PgCluster pg) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String table : TABLES.keySet().stream().sorted().toList()) {
            out.put(
                    table,
                    pg.query("SELECT count(*) || ' ' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY "
                            + TABLES.get(table) + ")), '-') FROM " + table + " t"));
        }
        return out;
    }
}
