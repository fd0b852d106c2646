package dev.walferry.server.inspect;

import dev.walferry.protocol.wal.WalFileName;

/**
 * The segments an archive holds of one timeline ({@code .partial} files count for their segment).
 *
 * @param timeline the timeline
 * @param first    lowest segment
 * @param last     highest segment
 * @param segments how many distinct segments
 */
public record TimelineSpan(long timeline, WalFileName first, WalFileName last, long segments) {}
