/*
 * libvipcare — durability inside the library:
 *
 *   record.c         the records snapshots and journals are made of;
 *                    byte sources and sinks
 *   apply.c          giving records to an engine through the public paths
 *   snapshot.c       writing a snapshot; snapshot-read.c reading one
 *   journal.c        the journal's bytes, and replaying them
 *   journal-write.c  the hooks of the state-changing calls: appending,
 *                    flushing, repairing after a failure
 *   state.c          the state folder: opening, checkpoints, closing
 *   platform-*.c     the system's file calls (platform.h)
 *
 * See docs/durability.md for the formats and the guarantees. Nothing
 * here is part of the ABI.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_DURABILITY_PRIVATE_H
#define VIPCARE_DURABILITY_PRIVATE_H

#include "engine-private.h"
#include "platform.h"

/*
 * Record types: one per state-changing call. A snapshot holds all but
 * the override (a customer record carries it); a journal holds all but
 * the bare customer (which only a snapshot needs: a customer known from
 * a transaction alone).
 */
#define VIPCARE__REC_CUSTOMER 1    /* vipcare_engine_add_customer(), or a bare customer */
#define VIPCARE__REC_TRANSACTION 2 /* vipcare_engine_add_transaction() */
#define VIPCARE__REC_OVERRIDE 3    /* vipcare_engine_set_override() */
#define VIPCARE__REC_CARE 4        /* vipcare_engine_record_care() */
#define VIPCARE__REC_REDEMPTION 5  /* an accepted vipcare_engine_redeem() */
#define VIPCARE__REC_SURVEY 6      /* vipcare_engine_add_survey() */
#define VIPCARE__REC_SERVICE 7     /* vipcare_engine_add_service_request() */
#define VIPCARE__REC_POINTS 8      /* an accepted vipcare_engine_redeem_points() */
#define VIPCARE__REC_TYPES 9

/* The longest encoded record, in bytes (a transaction: 352). */
#define VIPCARE__REC_MAX 512

/*
 * A text field of a record: a reference to an earlier text of the same
 * file (@ref > 0, snapshots only), or the text itself (@ref == 0; empty
 * for "none").
 */
struct vipcare__field {
	uint32_t ref;
	size_t len;
	const char *text;
};

/* The text fields, as indexes of vipcare__rec.f[]. */
#define VIPCARE__F_ID 0
#define VIPCARE__F_CUSTOMER 1
#define VIPCARE__F_STORE 2
#define VIPCARE__F_CATEGORY 3
#define VIPCARE__F_ORIGINAL 4
#define VIPCARE__F_ADVISOR 5
#define VIPCARE__F_TIER 6
#define VIPCARE__F_OCCASION 7
#define VIPCARE__F_BENEFIT 8
#define VIPCARE__F_REASON 9
#define VIPCARE__F_COUNT 10

/*
 * One record. Encoding reads the fields its type has; decoding fills
 * them, its texts NUL-terminated in @storage.
 */
struct vipcare__rec {
	int type;
	struct vipcare__field f[VIPCARE__F_COUNT];
	int64_t ts;             /* transaction, redemption, survey */
	int64_t amount;         /* transaction: > 0; points redemption: the points */
	int64_t opened, first_response, resolved; /* service request */
	int32_t date;           /* care */
	int32_t joined;         /* customer */
	int32_t until;          /* customer, override: the override's last day */
	int32_t quantity;       /* redemption */
	int kind;               /* transaction, care, survey, service request */
	int outcome;            /* care */
	int score;              /* survey */
	int has_record;         /* customer: 0 for a bare customer */
	int opt_out;            /* customer */
	int consent;            /* customer: a bit per channel */
	int birthday_month, birthday_day; /* customer */
	char storage[VIPCARE__F_COUNT][VIPCARE_ID_MAX + 1];
};

/* Encodes @r into @out (VIPCARE__REC_MAX bytes); returns its length. */
size_t vipcare__rec_encode(const struct vipcare__rec *r, unsigned char *out);

/*
 * Decodes one record from @n bytes at @p into @r; *used receives its
 * length. Returns VIPCARE_OK, or VIPCARE_E_CORRUPT with the reason (no
 * location) in @why (VIPCARE__MSG_SIZE).
 */
int vipcare__rec_decode(const unsigned char *p, size_t n, struct vipcare__rec *r, size_t *used,
			char *why);

/* The name of a record type ("transaction"...), for messages. */
const char *vipcare__rec_name(int type);

/* The name of a text field ("customer"...), for messages. */
const char *vipcare__field_name(int which);

/* ------------------------------------------------------------------ */
/* Bytes in and out                                                    */
/* ------------------------------------------------------------------ */

/* The most bytes vipcare__source_get() hands out at once. */
#define VIPCARE__WINDOW ((size_t)1 << 20)

/*
 * Bytes to read: a whole buffer in memory (@data), or a file read through
 * a window of VIPCARE__WINDOW + VIPCARE__REC_MAX bytes.
 */
struct vipcare__source {
	const unsigned char *data;
	struct vipcare__file *file;
	uint64_t size;
	struct vipcare__mem *mem;
	unsigned char *window;
	uint64_t window_at;
	size_t window_len;
};

void vipcare__source_memory(struct vipcare__source *s, const void *data, size_t size);
int vipcare__source_file(struct vipcare__source *s, struct vipcare__file *f,
			 struct vipcare__mem *mem, char *msg);
/*
 * Points *out at the bytes [@at, @at + @n) (@n at most VIPCARE__WINDOW),
 * or sets *out to NULL when the source ends before; *avail receives the
 * number of bytes there are from @at (at most @n). VIPCARE_E_IO when the
 * file cannot be read.
 */
int vipcare__source_get(struct vipcare__source *s, uint64_t at, size_t n,
			const unsigned char **out, size_t *avail, char *msg);
void vipcare__source_release(struct vipcare__source *s);

/* Bytes to write: a file from offset 0, or a buffer from malloc(). */
struct vipcare__sink {
	struct vipcare__file *file;
	uint64_t written;
	unsigned char *data; /* memory sink: freed with vipcare_free() */
	size_t capacity;
};

int vipcare__sink_write(struct vipcare__sink *k, const void *p, size_t n, char *msg);

/* Little-endian fields of the file formats. */
static inline void vipcare__put_le(unsigned char *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint64_t vipcare__get_le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	int i;

	for (i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* ------------------------------------------------------------------ */
/* Applying records to an engine                                       */
/* ------------------------------------------------------------------ */

#define VIPCARE__TABLE_STORE 0
#define VIPCARE__TABLE_CATEGORY 1
#define VIPCARE__TABLE_ADVISOR 2
#define VIPCARE__TABLE_OCCASION 3
#define VIPCARE__TABLE_REASON 4
#define VIPCARE__TABLES 5

/* The texts a file gave so far, numbered from 1 in order (snapshots). */
struct vipcare__table {
	char *text;      /* each entry: its bytes and a NUL */
	size_t used, capacity;
	uint32_t *at;    /* offset in text of entry n + 1 */
	size_t count, slots;
};

#define VIPCARE__BATCH 64

/*
 * Gives records to an engine through the paths of the public calls, so
 * that every rule is applied as when they were first recorded.
 * Transactions of a snapshot are recorded in batches
 * (vipcare_engine_add_transactions()).
 */
struct vipcare__applier {
	struct vipcare_engine *e;
	int snapshot;         /* 1: references and bare customers allowed */
	const char *what;     /* "snapshot" or "journal" */
	const char *name;     /* the file, for messages */
	char *msg;            /* failures go here (VIPCARE__MSG_SIZE) */
	uint64_t applied;     /* records given to the engine */
	uint32_t customers;   /* customers the file defined (snapshots) */
	struct vipcare__table tables[VIPCARE__TABLES];
	struct vipcare_transaction *batch; /* VIPCARE__BATCH handles */
	uint64_t batch_at[VIPCARE__BATCH]; /* the byte offset of each */
	size_t pending;
};

int vipcare__applier_init(struct vipcare__applier *ap, struct vipcare_engine *e, int snapshot,
			  const char *what, const char *name, char *msg);
/* Applies a decoded record found at byte @at (maybe later, in a batch). */
int vipcare__applier_add(struct vipcare__applier *ap, struct vipcare__rec *r, uint64_t at);
/* Applies what is pending. */
int vipcare__applier_flush(struct vipcare__applier *ap);
void vipcare__applier_release(struct vipcare__applier *ap);

/* ------------------------------------------------------------------ */
/* Snapshots (snapshot.c, snapshot-read.c)                             */
/* ------------------------------------------------------------------ */

#define VIPCARE__SNAPSHOT_HEADER 40

struct vipcare__snapshot_info {
	uint64_t store_id;
	uint64_t generation;
	uint64_t records;
};

/*
 * Writes engine @e as a snapshot to @sink. Changes nothing in the engine
 * but its last error (@msg may be it).
 */
int vipcare__snapshot_write(struct vipcare_engine *e, struct vipcare__sink *sink, uint64_t store_id,
			    uint64_t generation, uint64_t *records, char *msg);

/*
 * Reads a snapshot into engine @e, which holds nothing yet; on failure @e
 * holds part of it and is to be thrown away. @name names the file in
 * messages, written to @msg.
 */
int vipcare__snapshot_read(struct vipcare_engine *e, struct vipcare__source *src, const char *name,
			   struct vipcare__snapshot_info *info, char *msg);

/*
 * Writes a snapshot to @path atomically: @path.tmp, flushed, renamed over
 * @path, the folder flushed. On failure @path is as it was.
 */
int vipcare__snapshot_save_file(struct vipcare_engine *e, const char *path, uint64_t store_id,
				uint64_t generation, uint64_t *records, char *msg);

/* A new empty engine with @e's allocator and policy, to load into. */
int vipcare__engine_twin(struct vipcare_engine *e, struct vipcare_engine **out);

/*
 * Moves everything @loaded (a twin of @e) holds into @e, whose own
 * contents are freed (it records nothing); @e keeps its references,
 * journal, allocator count and last error. @loaded is freed.
 */
void vipcare__engine_adopt(struct vipcare_engine *e, struct vipcare_engine *loaded);

/* 1 when @e records nothing yet. */
int vipcare__engine_is_empty(const struct vipcare_engine *e);

/* For fuzzers and tests: a snapshot from memory into empty engine @e. */
int vipcare__snapshot_load_memory(struct vipcare_engine *e, const void *data, size_t size);
/* For fuzzers and tests: a snapshot into memory, freed with vipcare_free(). */
int vipcare__snapshot_save_memory(struct vipcare_engine *e, uint64_t store_id, uint64_t generation,
				  unsigned char **out, size_t *size);

/* ------------------------------------------------------------------ */
/* Journals (journal.c, journal-write.c) and the state folder (state.c) */
/* ------------------------------------------------------------------ */

#define VIPCARE__JOURNAL_HEADER 40

/* An engine's open state folder and the journal it writes. */
struct vipcare__journal {
	/* the paths, in one allocation */
	char *paths;
	size_t paths_size;
	const char *folder, *snapshot_path, *snapshot_tmp, *journal_path, *journal_tmp, *lock_path;
	struct vipcare__file file; /* the journal, open for writing */
	struct vipcare__file lock;
	uint64_t store_id;
	uint64_t generation;
	int durability;
	uint32_t interval_ms;
	uint64_t synced_end;  /* the journal is on the disk up to here */
	uint64_t written_end; /* and written up to here */
	uint64_t first_pending_ms; /* when the oldest pending record was written */
	unsigned char *pending; /* the bytes from synced_end to written_end */
	size_t pending_len, pending_cap;
	int needs_repair;  /* the file may not be synced_end bytes + pending */
	int needs_restart; /* a checkpoint's snapshot is in place, its new journal is not */
	int batch;
	unsigned char frame[8 + VIPCARE__REC_MAX];
	/* what opening found */
	uint64_t snapshot_records, journal_records, dropped_at, dropped_bytes;
	char note[VIPCARE__MSG_SIZE];
	char scratch[VIPCARE__MSG_SIZE]; /* messages of a repair that is not the call's failure */
};

/*
 * The header of the journal in @src: its store id and generation, or the
 * status and message of a journal that is not one, damaged or newer.
 */
int vipcare__journal_read_header(struct vipcare__source *src, const char *name, uint64_t *store_id,
				 uint64_t *generation, char *msg);

/* Flushes the journal: what was written is then on the disk. */
int vipcare__journal_sync(struct vipcare__journal *j, char *msg);

/*
 * Makes the file what the engine holds: the flushed bytes, then the
 * pending records written again, flushed.
 */
int vipcare__journal_repair(struct vipcare__journal *j, char *msg);

/* Puts a new empty journal of the current generation in place of the old one. */
int vipcare__journal_restart(struct vipcare__journal *j, char *msg);

/* What reading a journal found. */
struct vipcare__journal_scan {
	uint64_t store_id;
	uint64_t generation;
	uint64_t records;       /* records applied */
	uint64_t good_end;      /* the byte after the last record applied */
	uint64_t dropped_at;    /* 0, or where a torn last record starts */
	uint64_t dropped_bytes; /* bytes from there to the end */
	char dropped_why[160];  /* why the dropped bytes are no record */
};

/*
 * Replays the journal in @src into @e (applied through the public paths).
 * A torn end is reported in @scan, not an error; any other damage is.
 */
int vipcare__journal_replay(struct vipcare_engine *e, struct vipcare__source *src, const char *name,
			    struct vipcare__journal_scan *scan, char *msg);

/* For fuzzers and tests: replays a journal from memory into @e. */
int vipcare__journal_replay_memory(struct vipcare_engine *e, const void *data, size_t size,
				   struct vipcare__journal_scan *scan);

/* The header of a new journal, 40 bytes. */
void vipcare__journal_header(unsigned char *out, uint64_t store_id, uint64_t generation);

/* Frames an encoded record: out gets 8 + @len bytes. */
size_t vipcare__journal_frame(unsigned char *out, const unsigned char *payload, size_t len);

/* Writes @r to the engine's journal (when it has one): VIPCARE_OK or VIPCARE_E_IO. */
int vipcare__journal_append(struct vipcare_engine *e, struct vipcare__rec *r);

/*
 * A batch of transactions is one call: its records are flushed together
 * when it ends. _end returns @rc, or the flush's failure when @rc is OK.
 */
void vipcare__journal_batch_begin(struct vipcare_engine *e);
int vipcare__journal_batch_end(struct vipcare_engine *e, int rc);

/* Flushes what it can and closes the journal (vipcare_engine_unref()). */
void vipcare__journal_release(struct vipcare_engine *e);

/*
 * The hooks of the state-changing calls: each writes the call's record to
 * the journal before the call changes the engine; a failure fails the
 * call, with the message in the engine's last error. Call them only when
 * e->journal is not NULL.
 */
int vipcare__log_customer(struct vipcare_engine *e, const struct vipcare_customer *c);
int vipcare__log_transaction(struct vipcare_engine *e, const struct vipcare_transaction *t);
int vipcare__log_override(struct vipcare_engine *e, const char *customer_id, const char *tier,
			  int32_t until);
int vipcare__log_care(struct vipcare_engine *e, const char *customer_id, int kind,
		      const char *occasion, int32_t date, int outcome);
int vipcare__log_redemption(struct vipcare_engine *e, const char *redemption_id,
			    const char *customer_id, const char *benefit_id, int64_t at,
			    int32_t quantity);
int vipcare__log_survey(struct vipcare_engine *e, const char *customer_id, int64_t ts, int kind,
			int score);
int vipcare__log_service(struct vipcare_engine *e, const char *request_id, const char *customer_id,
			 int kind, int64_t opened, int64_t first_response, int64_t resolved);
int vipcare__log_points_redemption(struct vipcare_engine *e, const char *redemption_id,
				   const char *customer_id, int64_t at, int64_t points,
				   const char *reason);

/* ------------------------------------------------------------------ */
/* Engine paths that only loading needs                                */
/* ------------------------------------------------------------------ */

/*
 * Frees everything engine @e holds but its own structure and journal,
 * counting through @mem (engine.c; vipcare_engine_unref() is this and the
 * structure). The fields are left unusable.
 */
void vipcare__engine_release_contents(struct vipcare_engine *e, struct vipcare__mem *mem);

/*
 * Makes @id a known customer without a record, as a first transaction
 * does (engine.c). VIPCARE_E_DUPLICATE when it is known already.
 */
int vipcare__engine_add_bare_customer(struct vipcare_engine *e, const char *id);

/*
 * Records a redemption that was accepted before (benefits.c): the id,
 * customer, benefit and values are checked, the quota is not (it was
 * when the redemption was accepted, perhaps under other transactions or
 * another policy). VIPCARE_E_MISMATCH when the policy lacks the benefit.
 */
int vipcare__redemption_restore(struct vipcare_engine *e, const char *redemption_id,
				const char *customer_id, const char *benefit_id, int64_t at,
				int32_t quantity);

/*
 * Records a points redemption that was accepted before (apply.c, beside
 * vipcare_engine_redeem_points(), which checks coverage): the id,
 * customer and values are checked, the coverage is not.
 */
int vipcare__points_redemption_restore(struct vipcare_engine *e, const char *redemption_id,
				       const char *customer_id, int64_t at, int64_t points,
				       const char *reason);

#endif /* VIPCARE_DURABILITY_PRIVATE_H */
