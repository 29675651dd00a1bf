package org.quantrac.processor.sink;

/** Told about rows once their transaction has committed (e.g. the latest-values table's in-memory buffer). */
@FunctionalInterface
public interface CommittedRows {

    /**
     * Rows the committed transaction stored, at least the newest one of each series it stored. Never rows it did not
     * store (a re-sent reading whose identity was already there). The batch is only valid during the call.
     */
    void committed(ReadingBatch stored);

    CommittedRows NONE = stored -> { };
}
