package org.quantrac.connectors.mapper;

import java.time.Instant;

/**
 * One value an OPC UA server reported for a mapped node.
 *
 * @param parameter  the Circular 10/2021 symbol the node is mapped to
 * @param unit       the node's unit as mapped (blank = the parameter's canonical unit)
 * @param value      the variant's value (a number, or anything the server sent)
 * @param sourceTime the server's source timestamp: the measurement time
 * @param badStatus  the OPC UA status when it is not Good, else null
 * @param node       the node id, for the dead letter's detail
 */
public record NodeReading(String parameter, String unit, Object value, Instant sourceTime, String badStatus,
                          String node) {
}
