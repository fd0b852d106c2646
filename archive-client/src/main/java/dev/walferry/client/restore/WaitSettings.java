package dev.walferry.client.restore;

/**
 * The timing of {@code restore --wait} (docs/pg_standby.md), as pg_standby's -s, -w and -r.
 *
 * @param sleepSeconds how often the trigger and the deadline are checked, and the longest pause between retries
 * @param maxWaitSeconds report the file missing after this long; 0 waits forever
 * @param maxRetries retries of a failed fetch (not of an unreachable receiver)
 */
public record WaitSettings(int sleepSeconds, int maxWaitSeconds, int maxRetries) {}
