/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_DURABILITY_H
#define VIPCARE_DURABILITY_H

/**
 * @file durability.h
 * @brief An engine's state on disk: snapshots, and a state folder whose
 * journal keeps every state-changing call from the moment it returns.
 *
 * A **snapshot** is the whole state of an engine (customers, transactions,
 * redemptions, care records, overrides, survey responses, service
 * requests) in one file: versioned, checksummed per block, one byte order
 * on every machine, written atomically.
 *
 * A **state folder** holds a snapshot and a **journal**. Once an engine
 * has opened it (vipcare_engine_open_state()), every state-changing call
 * (vipcare_engine_add_customer(), vipcare_engine_add_transaction() and
 * vipcare_engine_add_transactions(), vipcare_engine_set_override(),
 * vipcare_engine_record_care(), an accepted vipcare_engine_redeem(),
 * vipcare_engine_add_survey(), vipcare_engine_add_service_request())
 * writes a checksummed record to the journal before it changes the
 * engine; when the record cannot be written the call fails with
 * VIPCARE_E_IO and changes nothing. Opening the folder again, after a
 * crash or a power cut, loads the snapshot and replays the journal: a
 * last record cut short by the crash is dropped and reported, nothing
 * before it is lost. vipcare_engine_checkpoint() writes a new snapshot
 * and starts an empty journal.
 *
 * What each durability mode guarantees, and what it does not, is in
 * docs/durability.md. Files that are truncated, damaged, of a newer
 * format or not ours are refused with VIPCARE_E_CORRUPT,
 * VIPCARE_E_VERSION or VIPCARE_E_FOREIGN and a message naming the file
 * and the byte offset.
 *
 * Threads: as for the engine, one thread at a time; one engine per state
 * folder (a second one, in this process or another, is refused).
 */

#include "common.h"
#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/** When the journal's records reach the disk. Values pinned. @since 1.0 */
enum vipcare_durability {
	/**
	 * Every state-changing call flushes its record to the disk
	 * (fdatasync, FlushFileBuffers) before it returns: a call that
	 * returned survives a power cut. A batch
	 * (vipcare_engine_add_transactions()) is one call, flushed once.
	 * @since 1.0
	 */
	VIPCARE_DURABILITY_EVERY_CALL = 0,
	/**
	 * Every call writes its record to the operating system before it
	 * returns (it survives a crash of the program), and the records are
	 * flushed to the disk by the first call, or vipcare_engine_flush(),
	 * that comes at least the interval after the oldest unflushed one:
	 * a power cut may lose the calls of that time.
	 * @since 1.0
	 */
	VIPCARE_DURABILITY_INTERVAL = 1,
};

/** The longest flush interval of VIPCARE_DURABILITY_INTERVAL, in milliseconds (one hour). @since 1.0 */
#define VIPCARE_INTERVAL_MAX_MS 3600000

/** What vipcare_engine_state_figure() reports. Values pinned. @since 1.0 */
enum vipcare_state_figure {
	/** Checkpoints the folder has had: the generation of its snapshot (0 before the first). @since 1.0 */
	VIPCARE_STATE_GENERATION = 0,
	/** Records loaded from the snapshot when the folder was opened. @since 1.0 */
	VIPCARE_STATE_SNAPSHOT_RECORDS = 1,
	/** Records replayed from the journal when the folder was opened. @since 1.0 */
	VIPCARE_STATE_JOURNAL_RECORDS = 2,
	/** The byte of the journal where a torn last record was dropped at opening; 0 when none was. @since 1.0 */
	VIPCARE_STATE_DROPPED_AT = 3,
	/** The bytes dropped there; 0 when none were. @since 1.0 */
	VIPCARE_STATE_DROPPED_BYTES = 4,
	/** The journal's size now, in bytes (a host may checkpoint when it grows large). @since 1.0 */
	VIPCARE_STATE_JOURNAL_BYTES = 5,
	/** Bytes of records written but not yet flushed to the disk (VIPCARE_DURABILITY_INTERVAL). @since 1.0 */
	VIPCARE_STATE_UNFLUSHED_BYTES = 6,
};

/**
 * @brief Writes the engine's whole state to a snapshot file, atomically.
 *
 * The bytes go to `PATH.tmp`, are flushed to the disk, and the file is
 * renamed over @p path, whose folder is flushed too: a crash at any
 * moment leaves either the old file or the new one, never a part. The
 * policy is not saved (it is the host's configuration; see
 * vipcare_engine_load_snapshot()).
 * @param[in,out] engine the engine; only its last error may change
 * @param[in] path the file to write, UTF-8
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine or
 *         @p path is NULL or @p path is empty; VIPCARE_E_IO (the message
 *         names the file and the system's reason; @p path is then as it
 *         was); VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_save_snapshot(struct vipcare_engine *engine, const char *path);

/**
 * @brief Loads a snapshot into an empty engine.
 *
 * Each record is recorded through the same checks as the call that first
 * recorded it, under the engine's policy: a snapshot naming a tier or a
 * benefit the policy lacks is refused with VIPCARE_E_MISMATCH.
 * Redemptions are restored as they were accepted, without checking their
 * quota again.
 * @param[in,out] engine an engine that holds nothing yet and has no state
 *        folder open; on error it is left empty
 * @param[in] path the snapshot file, UTF-8
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when an argument is NULL
 *         or empty, the engine is not empty or has a state folder open;
 *         VIPCARE_E_IO; VIPCARE_E_FOREIGN (not a snapshot);
 *         VIPCARE_E_VERSION (a newer format); VIPCARE_E_CORRUPT
 *         (truncated, a checksum that fails, content that contradicts
 *         itself); VIPCARE_E_MISMATCH; VIPCARE_E_NO_MEMORY. The message
 *         names the file and the byte offset.
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_load_snapshot(struct vipcare_engine *engine, const char *path);

/**
 * @brief Opens a state folder: loads its snapshot, replays its journal,
 * and from then on writes every state-changing call to the journal.
 *
 * The folder is created when it does not exist (its parent must). An
 * empty engine takes the folder's state; an engine that already holds
 * data may only open a folder without a state, which it fills with a
 * first checkpoint. A torn last record of the journal (a write cut short
 * by a crash) is dropped and the call succeeds: see
 * vipcare_engine_state_note() and vipcare_engine_state_figure(). Any
 * other damage fails the call. The folder stays locked until
 * vipcare_engine_close_state() or the engine is released.
 * @param[in,out] engine the engine; on error it is as it was
 * @param[in] folder the folder's path, UTF-8
 * @param durability a value of enum vipcare_durability
 * @param interval_ms for VIPCARE_DURABILITY_INTERVAL, the flush interval,
 *        1 .. VIPCARE_INTERVAL_MAX_MS; ignored for
 *        VIPCARE_DURABILITY_EVERY_CALL
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine or
 *         @p folder is NULL, @p folder is empty, the engine has a folder
 *         open already, or it holds data and the folder a state;
 *         VIPCARE_E_RANGE for an unknown @p durability or an interval out
 *         of range; VIPCARE_E_IO (also when another engine has the folder
 *         open); VIPCARE_E_FOREIGN, VIPCARE_E_VERSION, VIPCARE_E_CORRUPT,
 *         VIPCARE_E_MISMATCH as vipcare_engine_load_snapshot(), for the
 *         snapshot or the journal, and VIPCARE_E_MISMATCH also for a
 *         journal that belongs with another snapshot; VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_open_state(struct vipcare_engine *engine, const char *folder,
					  int durability, uint32_t interval_ms);

/**
 * @brief Writes a new snapshot of the engine into its state folder and
 * starts an empty journal.
 *
 * Crash-safe at every step: the snapshot is written to a temporary file,
 * flushed and renamed into place, then the new journal likewise; opening
 * the folder after a crash in between finds the old journal older than
 * the snapshot and replaces it. A checkpoint is also the way back after
 * an I/O failure the journal could not repair.
 * @param[in,out] engine the engine
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when @p engine is NULL
 *         or has no state folder open; VIPCARE_E_IO (when it fails after
 *         the snapshot was put in place, calls that change the engine
 *         fail until the new journal is started: the next such call, or
 *         vipcare_engine_flush(), tries again); VIPCARE_E_NO_MEMORY
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_checkpoint(struct vipcare_engine *engine);

/**
 * @brief Flushes to the disk every journal record written so far.
 *
 * With VIPCARE_DURABILITY_INTERVAL, call it from the host's own timer or
 * idle loop, so that the last calls before a quiet time reach the disk
 * within the interval. It also puts right what an earlier I/O failure
 * left undone.
 * @param[in,out] engine the engine
 * @return VIPCARE_OK (also when no folder is open); VIPCARE_E_INVALID_ARGUMENT
 *         when @p engine is NULL; VIPCARE_E_IO
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_flush(struct vipcare_engine *engine);

/**
 * @brief Flushes the journal and closes the state folder; the engine
 * keeps its state and records nothing more to disk.
 *
 * vipcare_engine_unref() closes the folder too, but cannot report a
 * failed flush.
 * @param[in,out] engine the engine
 * @return VIPCARE_OK (also when no folder is open);
 *         VIPCARE_E_INVALID_ARGUMENT when @p engine is NULL; VIPCARE_E_IO
 *         (the folder then stays open, so that no record is lost)
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_close_state(struct vipcare_engine *engine);

/**
 * @brief A figure of the open state folder: what opening it found, the
 * journal's size.
 * @param[in] engine the engine
 * @param figure a value of enum vipcare_state_figure
 * @param[out] value receives the figure; untouched on error
 * @return VIPCARE_OK; VIPCARE_E_INVALID_ARGUMENT when an argument is NULL,
 *         @p figure is unknown, or no state folder is open
 * @since 1.0
 */
VIPCARE_API int vipcare_engine_state_figure(const struct vipcare_engine *engine, int figure,
					    uint64_t *value);

/**
 * @brief What opening the state folder put right, in words: a torn last
 * record dropped (file and byte offset), a journal older than the
 * snapshot replaced, a missing journal started afresh.
 * @param[in] engine the engine, or NULL
 * @return text owned by the engine, valid until the folder is closed; ""
 *         when there was nothing to put right, no folder is open or
 *         @p engine is NULL
 * @since 1.0
 */
VIPCARE_API const char *vipcare_engine_state_note(const struct vipcare_engine *engine);

#ifdef __cplusplus
}
#endif

#endif /* VIPCARE_DURABILITY_H */
