/*
 * libvipcare — the state folder: a snapshot, a journal and a lock.
 *
 * Opening loads state.snapshot (snapshot.c) and replays state.journal
 * (journal.c) into a twin of the engine, which the engine takes over
 * only when everything was read; from then on every state-changing call
 * is journaled (journal-write.c).
 *
 * A checkpoint writes snapshot generation g + 1 (temporary file, flush,
 * rename, folder flush), then a new journal of generation g + 1 the same
 * way. Opening the folder after a crash between the two finds a journal
 * of generation g, older than the snapshot, whose records are all in the
 * snapshot: it is replaced. See docs/durability.md.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

typedef unsigned long long ull;

static void journal_free(struct vipcare_engine *e, struct vipcare__journal *j)
{
	if (j == NULL)
		return;
	vipcare__file_close(&j->file);
	vipcare__file_close(&j->lock);
	vipcare__mem_free(&e->mem, j->pending, j->pending_cap);
	vipcare__mem_free(&e->mem, j->paths, j->paths_size);
	vipcare__mem_free(&e->mem, j, sizeof(*j));
}

static struct vipcare__journal *journal_new(struct vipcare_engine *e, const char *folder)
{
	static const char *const names[] = {
		"state.snapshot", "state.snapshot.tmp", "state.journal", "state.journal.tmp",
		"state.lock",
	};
	const char **slots[5];
	struct vipcare__journal *j = vipcare__mem_calloc(&e->mem, 1, sizeof(*j));
	size_t len = strlen(folder), i;
	char *p, sep;

	if (j == NULL)
		return NULL;
	/* a trailing separator is not doubled */
	while (len > 1 && (folder[len - 1] == '/' || folder[len - 1] == '\\'))
		len--;
	j->paths_size = (len + 1) * 6 + 128;
	j->paths = vipcare__mem_alloc(&e->mem, j->paths_size);
	if (j->paths == NULL) {
		vipcare__mem_free(&e->mem, j, sizeof(*j));
		return NULL;
	}
	p = j->paths;
	memcpy(p, folder, len);
	p[len] = '\0';
	j->folder = p;
	p += len + 1;
	slots[0] = &j->snapshot_path;
	slots[1] = &j->snapshot_tmp;
	slots[2] = &j->journal_path;
	slots[3] = &j->journal_tmp;
	slots[4] = &j->lock_path;
	/* a folder written with backslashes (Windows) gets them in its files' names too */
	sep = strchr(j->folder, '\\') != NULL && strchr(j->folder, '/') == NULL ? '\\' : '/';
	for (i = 0; i < 5; i++) {
		*slots[i] = p;
		p += sprintf(p, "%s%c%s", j->folder, sep, names[i]) + 1;
	}
	return j;
}

/* Whether @path exists, into *yes; the message of a failure into the engine. */
static int exists(struct vipcare_engine *e, const char *path, int *yes)
{
	return vipcare__path_exists(path, yes, e->last_error);
}

/* Writes a snapshot of @e as generation j->generation + 1, then a new journal. */
static int checkpoint(struct vipcare_engine *e, struct vipcare__journal *j)
{
	struct vipcare__file f;
	struct vipcare__sink sink;
	char ignored[VIPCARE__MSG_SIZE];
	uint64_t records = 0;
	int rc;

	rc = vipcare__file_open(&f, j->snapshot_tmp, VIPCARE__OPEN_CREATE, e->last_error);
	if (rc != VIPCARE_OK)
		return rc;
	memset(&sink, 0, sizeof(sink));
	sink.file = &f;
	rc = vipcare__snapshot_write(e, &sink, j->store_id, j->generation + 1, &records, e->last_error);
	if (rc == VIPCARE_OK)
		rc = vipcare__file_sync(&f, e->last_error);
	vipcare__file_close(&f);
	if (rc == VIPCARE_OK)
		rc = vipcare__path_rename(j->snapshot_tmp, j->snapshot_path, e->last_error);
	if (rc != VIPCARE_OK) {
		vipcare__path_remove(j->snapshot_tmp, ignored);
		return rc;
	}
	/*
	 * The new snapshot is in place and holds everything the engine does:
	 * the old journal is done with, and nothing more may go into it.
	 */
	j->generation++;
	j->needs_restart = 1;
	j->pending_len = 0;
	rc = vipcare__path_sync_folder(j->snapshot_path, e->last_error);
	if (rc == VIPCARE_OK)
		rc = vipcare__journal_restart(j, e->last_error);
	return rc;
}

/* Reads the folder's files into @loaded; fills @j's identity and what was found. */
static int recover(struct vipcare_engine *e, struct vipcare_engine *loaded,
		   struct vipcare__journal *j, int *new_journal)
{
	struct vipcare__snapshot_info info;
	struct vipcare__journal_scan scan;
	struct vipcare__source src;
	struct vipcare__file f;
	int has_snapshot = 0, has_journal = 0, rc;

	rc = exists(e, j->snapshot_path, &has_snapshot);
	if (rc == VIPCARE_OK)
		rc = exists(e, j->journal_path, &has_journal);
	if (rc != VIPCARE_OK)
		return rc;
	j->store_id = vipcare__unique64();
	j->generation = 0;
	*new_journal = 1;
	if (has_snapshot) {
		rc = vipcare__file_open(&f, j->snapshot_path, VIPCARE__OPEN_READ, e->last_error);
		if (rc != VIPCARE_OK)
			return rc;
		rc = vipcare__source_file(&src, &f, &loaded->mem, e->last_error);
		if (rc == VIPCARE_OK)
			rc = vipcare__snapshot_read(loaded, &src, j->snapshot_path, &info, e->last_error);
		vipcare__source_release(&src);
		vipcare__file_close(&f);
		if (rc != VIPCARE_OK)
			return rc;
		j->store_id = info.store_id;
		j->generation = info.generation;
		j->snapshot_records = info.records;
	}
	if (!has_journal) {
		if (has_snapshot)
			snprintf(j->note, sizeof(j->note),
				 "%s has no journal: a new one was started after the snapshot",
				 j->folder);
		return VIPCARE_OK;
	}
	rc = vipcare__file_open(&f, j->journal_path, VIPCARE__OPEN_READ, e->last_error);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__source_file(&src, &f, &loaded->mem, e->last_error);
	if (rc == VIPCARE_OK)
		rc = vipcare__journal_read_header(&src, j->journal_path, &scan.store_id, &scan.generation, e->last_error);
	if (rc == VIPCARE_OK && has_snapshot && scan.store_id != j->store_id)
		rc = vipcare__fail(e->last_error, VIPCARE_E_MISMATCH,
				   "journal %s belongs to another state folder than snapshot %s (store %016llx, not %016llx)",
				   j->journal_path, j->snapshot_path, (ull)scan.store_id, (ull)j->store_id);
	if (rc == VIPCARE_OK && scan.generation > j->generation && has_snapshot)
		rc = vipcare__fail(e->last_error, VIPCARE_E_MISMATCH,
				   "journal %s continues snapshot generation %llu, but %s is of generation %llu: an older snapshot was put back",
				   j->journal_path, (ull)scan.generation, j->snapshot_path,
				   (ull)j->generation);
	if (rc == VIPCARE_OK && scan.generation > j->generation)
		rc = vipcare__fail(e->last_error, VIPCARE_E_MISMATCH,
				   "journal %s continues snapshot generation %llu, but %s is missing",
				   j->journal_path, (ull)scan.generation, j->snapshot_path);
	if (rc == VIPCARE_OK && scan.generation < j->generation) {
		/* a crash between a checkpoint's snapshot and its new journal */
		snprintf(j->note, sizeof(j->note),
			 "journal %s (generation %llu) was older than the snapshot (generation %llu), which holds all its records: a new journal was started",
			 j->journal_path, (ull)scan.generation, (ull)j->generation);
	} else if (rc == VIPCARE_OK) {
		j->store_id = scan.store_id;
		rc = vipcare__journal_replay(loaded, &src, j->journal_path, &scan, e->last_error);
		if (rc == VIPCARE_OK) {
			*new_journal = 0;
			j->journal_records = scan.records;
			j->synced_end = j->written_end = scan.good_end;
			if (scan.dropped_bytes > 0) {
				j->dropped_at = scan.dropped_at;
				j->dropped_bytes = scan.dropped_bytes;
				snprintf(j->note, sizeof(j->note),
					 "journal %s: dropped %llu bytes from byte %llu, where the record %s (a write cut short by a crash); the %llu record%s before it %s replayed",
					 j->journal_path, (ull)scan.dropped_bytes, (ull)scan.dropped_at,
					 scan.dropped_why, (ull)scan.records, scan.records == 1 ? "" : "s",
					 scan.records == 1 ? "was" : "were");
			}
		}
	}
	vipcare__source_release(&src);
	vipcare__file_close(&f);
	return rc;
}

static int open_folder(struct vipcare_engine *e, struct vipcare__journal *j)
{
	struct vipcare_engine *loaded = NULL;
	int has_snapshot = 0, has_journal = 0, new_journal = 0, rc;

	rc = vipcare__folder_create(j->folder, e->last_error);
	if (rc == VIPCARE_OK)
		rc = vipcare__file_open(&j->lock, j->lock_path, VIPCARE__OPEN_LOCK, e->last_error);
	/* what a crash left half written was never renamed into place */
	if (rc == VIPCARE_OK)
		rc = vipcare__path_remove(j->snapshot_tmp, e->last_error);
	if (rc == VIPCARE_OK)
		rc = vipcare__path_remove(j->journal_tmp, e->last_error);
	if (rc != VIPCARE_OK)
		return rc;

	if (!vipcare__engine_is_empty(e)) {
		/* an engine filled in memory starts a folder with its snapshot */
		rc = exists(e, j->snapshot_path, &has_snapshot);
		if (rc == VIPCARE_OK)
			rc = exists(e, j->journal_path, &has_journal);
		if (rc == VIPCARE_OK && (has_snapshot || has_journal))
			rc = vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
					   "%s holds a state already and the engine is not empty: open it with a new engine",
					   j->folder);
		if (rc != VIPCARE_OK)
			return rc;
		j->store_id = vipcare__unique64();
		j->generation = 0;
		return checkpoint(e, j);
	}

	rc = vipcare__engine_twin(e, &loaded);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no memory to open %s", j->folder);
	rc = recover(e, loaded, j, &new_journal);
	if (rc == VIPCARE_OK && new_journal)
		rc = vipcare__journal_restart(j, e->last_error);
	else if (rc == VIPCARE_OK) {
		rc = vipcare__file_open(&j->file, j->journal_path, VIPCARE__OPEN_WRITE, e->last_error);
		/* the torn end is cut off, so that new records follow whole ones */
		if (rc == VIPCARE_OK && j->dropped_bytes > 0) {
			rc = vipcare__file_truncate(&j->file, j->synced_end, e->last_error);
			if (rc == VIPCARE_OK)
				rc = vipcare__file_sync(&j->file, e->last_error);
		}
	}
	if (rc != VIPCARE_OK) {
		vipcare_engine_unref(loaded);
		return rc;
	}
	vipcare__engine_adopt(e, loaded);
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_open_state(struct vipcare_engine *e, const char *folder,
					  int durability, uint32_t interval_ms)
{
	struct vipcare__journal *j;
	int rc;

	if (e == NULL || folder == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (folder[0] == '\0')
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the state folder's path is empty");
	if (durability != VIPCARE_DURABILITY_EVERY_CALL && durability != VIPCARE_DURABILITY_INTERVAL)
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "durability %d is not every_call (0) or interval (1)", durability);
	if (durability == VIPCARE_DURABILITY_INTERVAL &&
	    (interval_ms < 1 || interval_ms > VIPCARE_INTERVAL_MAX_MS))
		return vipcare__fail(e->last_error, VIPCARE_E_RANGE,
				     "flush interval %lu ms is not 1 .. %d", (unsigned long)interval_ms,
				     VIPCARE_INTERVAL_MAX_MS);
	if (e->journal != NULL)
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the engine records into %s already", e->journal->folder);
	j = journal_new(e, folder);
	if (j == NULL)
		return vipcare__fail(e->last_error, VIPCARE_E_NO_MEMORY, "no memory to open a state folder");
	j->durability = durability;
	j->interval_ms = durability == VIPCARE_DURABILITY_INTERVAL ? interval_ms : 0;
	rc = open_folder(e, j);
	if (rc != VIPCARE_OK) {
		journal_free(e, j);
		return rc;
	}
	e->journal = j;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_checkpoint(struct vipcare_engine *e)
{
	if (e == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (e->journal == NULL)
		return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the engine has no state folder open");
	return checkpoint(e, e->journal);
}

/* Puts every record on the disk: VIPCARE_OK, or VIPCARE_E_IO with the message. */
static int flush_all(struct vipcare_engine *e, struct vipcare__journal *j)
{
	int rc = VIPCARE_OK;

	if (j->needs_restart)
		rc = vipcare__journal_restart(j, e->last_error);
	if (rc == VIPCARE_OK && !j->needs_repair && j->pending_len > 0 &&
	    vipcare__journal_sync(j, j->scratch) != VIPCARE_OK)
		j->needs_repair = 1;
	if (rc == VIPCARE_OK && j->needs_repair)
		rc = vipcare__journal_repair(j, e->last_error);
	return rc;
}

VIPCARE_API int vipcare_engine_flush(struct vipcare_engine *e)
{
	if (e == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (e->journal == NULL)
		return VIPCARE_OK;
	return flush_all(e, e->journal);
}

VIPCARE_API int vipcare_engine_close_state(struct vipcare_engine *e)
{
	int rc;

	if (e == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (e->journal == NULL)
		return VIPCARE_OK;
	rc = flush_all(e, e->journal);
	if (rc != VIPCARE_OK)
		return rc;
	journal_free(e, e->journal);
	e->journal = NULL;
	return VIPCARE_OK;
}

/* vipcare_engine_unref() cannot report a failed flush: it tries one and closes. */
void vipcare__journal_release(struct vipcare_engine *e)
{
	char ignored[VIPCARE__MSG_SIZE];
	struct vipcare__journal *j = e->journal;

	if (j == NULL)
		return;
	if (!j->needs_restart && !j->needs_repair && j->pending_len > 0)
		vipcare__journal_sync(j, ignored);
	journal_free(e, j);
	e->journal = NULL;
}

VIPCARE_API int vipcare_engine_state_figure(const struct vipcare_engine *e, int figure,
					    uint64_t *value)
{
	const struct vipcare__journal *j;

	if (e == NULL || value == NULL || e->journal == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	j = e->journal;
	switch (figure) {
	case VIPCARE_STATE_GENERATION: *value = j->generation; break;
	case VIPCARE_STATE_SNAPSHOT_RECORDS: *value = j->snapshot_records; break;
	case VIPCARE_STATE_JOURNAL_RECORDS: *value = j->journal_records; break;
	case VIPCARE_STATE_DROPPED_AT: *value = j->dropped_at; break;
	case VIPCARE_STATE_DROPPED_BYTES: *value = j->dropped_bytes; break;
	case VIPCARE_STATE_JOURNAL_BYTES: *value = j->written_end; break;
	case VIPCARE_STATE_UNFLUSHED_BYTES: *value = j->pending_len; break;
	default: return VIPCARE_E_INVALID_ARGUMENT;
	}
	return VIPCARE_OK;
}

VIPCARE_API const char *vipcare_engine_state_note(const struct vipcare_engine *e)
{
	return e == NULL || e->journal == NULL ? "" : e->journal->note;
}
