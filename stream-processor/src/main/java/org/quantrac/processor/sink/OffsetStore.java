package org.quantrac.processor.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ingest_offset} table: per consumer group and partition, the next offset to read. Written in the same
 * transaction as the rows it covers, so the database alone says what has been stored.
 */
public final class OffsetStore {

    // GREATEST: a consumer that lost its partition in a rebalance (a zombie) may still commit an older batch; its rows
    // are harmless (identity is the primary key) and the stored position must not move backwards.
    private static final String UPSERT = "INSERT INTO ingest_offset (consumer_group, topic, kafka_partition, "
            + "next_offset, updated_at) VALUES (?, ?, ?, ?, now()) "
            + "ON CONFLICT (consumer_group, topic, kafka_partition) DO UPDATE SET "
            + "next_offset = GREATEST(ingest_offset.next_offset, EXCLUDED.next_offset), updated_at = now()";
    private static final String SELECT = "SELECT kafka_partition, next_offset FROM ingest_offset "
            + "WHERE consumer_group = ? AND topic = ?";

    private final String consumerGroup;

    public OffsetStore(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    /** Stores the offsets in the caller's transaction. */
    public void upsert(Connection c, List<SourceOffset> offsets) throws SQLException {
        if (offsets.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (SourceOffset o : offsets) {
                ps.setString(1, consumerGroup);
                ps.setString(2, o.topic());
                ps.setInt(3, o.partition());
                ps.setLong(4, o.offset());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Partition → next offset to read, for the partitions this group has stored anything from. */
    public Map<Integer, Long> read(Connection c, String topic) throws SQLException {
        Map<Integer, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, consumerGroup);
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return offsets;
    }
}
