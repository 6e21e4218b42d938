import CSQLite

extension Database {
    /// Runs `body` on the writer in a transaction shared with other callers' batched writes (group commit).
    ///
    /// Writes queued while the writer is busy are drained together, up to `Options.maximumBatchSize`, into
    /// one `BEGIN IMMEDIATE` … `COMMIT`, so many small writes share one fsync. Each closure runs inside its
    /// own SAVEPOINT: when it throws, only its changes are rolled back and only its caller gets the error;
    /// the others still commit. Every caller is resumed only after the shared COMMIT has finished.
    /// - Parameter body: A small write; it must not end the transaction or keep the connection.
    /// - Returns: What `body` returned, once the batch has committed.
    /// - Throws: What `body` threw, or the `DatabaseError` that made the shared transaction fail (then
    ///   nothing of the batch was kept).
    public func writeBatched<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let entry = GroupCommitQueue.Entry(
                run: { connection in
                    do {
                        let value = try body(connection)
                        return GroupCommitQueue.Outcome(succeeded: true) { batchError in
                            if let batchError {
                                continuation.resume(throwing: batchError)
                            } else {
                                continuation.resume(returning: value)
                            }
                        }
                    } catch {
                        return GroupCommitQueue.Outcome(succeeded: false) { _ in
                            continuation.resume(throwing: error)
                        }
                    }
                },
                fail: { error in continuation.resume(throwing: error) })
            if groupCommit.enqueue(entry) {
                scheduleDrain()
            }
        }
    }

    /// Queues a job on the writer that commits the next batch, and fails the waiting writes if the writer
    /// has stopped.
    private func scheduleDrain() {
        let accepted = writer.submit { [self] connection in
            let entries = groupCommit.take(upTo: options.maximumBatchSize)
            connection.commitBatch(entries)
            if groupCommit.finishDrain() {
                // A new job (not a loop) lets plain writes queued meanwhile take their turn.
                scheduleDrain()
            }
        }
        if !accepted {
            groupCommit.failAll(with: DatabaseError.closed(location.description))
        }
    }
}

extension Connection {
    /// Runs `entries` in one transaction, each in its own savepoint, then commits and resumes their callers.
    func commitBatch(_ entries: [GroupCommitQueue.Entry]) {
        do {
            try runControl("BEGIN IMMEDIATE")
        } catch {
            for entry in entries {
                entry.fail(error)
            }
            return
        }

        var outcomes: [GroupCommitQueue.Outcome] = []
        outcomes.reserveCapacity(entries.count)
        for entry in entries {
            do {
                try runControl("SAVEPOINT flywheel_batch_entry")
                let outcome = entry.run(self)
                outcomes.append(outcome)
                if !outcome.succeeded, isInTransaction {
                    try runControl("ROLLBACK TO flywheel_batch_entry")
                }
                guard isInTransaction else {
                    throw DatabaseError(
                        code: outcome.succeeded ? .misuse : .sqlite, extendedResultCode: SQLITE_ABORT,
                        message: "a batched write ended the shared transaction (it ran COMMIT/ROLLBACK, or SQLite "
                            + "rolled back after a severe error), so no write of its batch was kept")
                }
                try runControl("RELEASE flywheel_batch_entry")
            } catch {
                // `outcomes` holds the entries that ran; the rest never started.
                abandonBatch(outcomes: outcomes, unrun: entries[outcomes.count...], error: error)
                return
            }
        }

        do {
            try runControl("COMMIT")
        } catch {
            abandonBatch(outcomes: outcomes, unrun: [], error: error)
            return
        }
        for outcome in outcomes {
            outcome.deliver(nil)
        }
    }

    /// Rolls the batch back and tells every caller: those whose closure ran get `error` (or their own
    /// error), those not yet run get `error`.
    private func abandonBatch(
        outcomes: [GroupCommitQueue.Outcome], unrun: ArraySlice<GroupCommitQueue.Entry>, error: any Error
    ) {
        rollbackQuietly()
        for outcome in outcomes {
            outcome.deliver(error)
        }
        for entry in unrun {
            entry.fail(error)
        }
    }
}
