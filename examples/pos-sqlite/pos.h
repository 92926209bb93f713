/*
 * pos-sqlite — libvipcare at a till whose sales are in a local SQLite
 * database (examples/pos-sqlite/schema.sql): what its parts share.
 * SPDX-License-Identifier: MIT
 */
#ifndef POS_SQLITE_H
#define POS_SQLITE_H

#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>
#include <vipcare/vipcare.h>

#if defined(__GNUC__) || defined(__clang__)
#define POS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define POS_PRINTF(f, a)
#endif

/* Exit status of a one-shot command, as the vipcare command's (DESIGN §10). */
enum pos_exit {
	POS_DONE = 0,  /* done (a refused redemption is an answer, not a failure) */
	POS_USAGE = 1, /* bad usage */
	POS_DATA = 2,  /* bad data, schema or policy */
	POS_IO = 3,    /* the database failed */
};

/* How far the engine has read each table: the highest id taken. */
struct pos_position {
	int64_t members;     /* members.member_id */
	int64_t orders;      /* orders.order_id */
	int64_t refunds;     /* refunds.refund_id */
	int64_t redemptions; /* redemptions.seq */
};

/* What one follow-up took. */
struct pos_counts {
	int64_t members;     /* member rows recorded */
	int64_t orders;      /* orders recorded as sales */
	int64_t refunds;     /* refunds recorded */
	int64_t redemptions; /* redemptions replayed from the table */
	int64_t anonymous;   /* orders and refunds without a member card: not for the engine */
	int64_t rejected;    /* rows the library refused (now in vipcare_rejects) */
	double ms;           /* wall-clock time of the follow-up */
};

/* The statements, prepared once (which also checks the schema). */
enum pos_statement {
	ST_MAX,
	ST_MEMBERS,
	ST_ORDERS,
	ST_REFUNDS,
	ST_REDEMPTIONS,
	ST_REJECT,
	ST_CHECKPOINT_GET,
	ST_CHECKPOINT_PUT,
	ST_REDEMPTION_ADD,
	ST_COUNT
};

struct pos {
	const char *path;
	const char *consumer;
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	struct vipcare_policy *policy; /* NULL: the default policy */
	struct vipcare_engine *engine;
	/* reusable records */
	struct vipcare_customer *customer;
	struct vipcare_transaction *txn;
	struct vipcare_checkout *checkout;
	struct vipcare_score *score;
	struct pos_position at;     /* the rows the engine holds */
	struct pos_position stored; /* the checkpoint stored in the database */
	int in_transaction;
	char error[1024]; /* the last failure, for the caller to print */
};

/* follow.c: the database and the engine */

/*
 * Opens the database (it must exist, with the schema), prepares every
 * statement, reads the stored checkpoint, and loads the rows up to it into
 * a new engine (with the policy file at @policy_path, or the default
 * policy when NULL). Returns a pos_exit value; on failure p->error says why.
 */
int pos_open(struct pos *p, const char *path, const char *policy_path, const char *consumer);
void pos_close(struct pos *p);

/*
 * Takes every row added since the engine's position, in one write
 * transaction that also records rejects and the new checkpoint. @counts
 * may be NULL. Returns a pos_exit value.
 */
int pos_follow(struct pos *p, struct pos_counts *counts);

/* The same inside a transaction the caller opened with pos_begin(). */
int pos_follow_locked(struct pos *p, struct pos_counts *counts);

int pos_begin(struct pos *p);  /* BEGIN IMMEDIATE: the write lock */
int pos_commit(struct pos *p); /* COMMIT; ROLLBACK on failure */
void pos_rollback(struct pos *p);

/* Stores the engine's position as the consumer's checkpoint (in a transaction). */
int pos_store_checkpoint(struct pos *p);

/*
 * Drops the engine and loads the database again from its first row: after
 * a failed commit, the engine may hold what the database does not.
 */
int pos_rebuild(struct pos *p);

/* Sets p->error; returns @code. */
int pos_fail(struct pos *p, int code, const char *fmt, ...) POS_PRINTF(3, 4);
/* The same with SQLite's message appended. */
int pos_fail_db(struct pos *p, const char *what);

/* Local time now, as libvipcare counts it (seconds since 1970-01-01 local). */
int64_t pos_now(void);
/* Milliseconds of a monotonic clock. */
double pos_clock_ms(void);

/* till.c: what the till asks */

enum pos_format { FORMAT_TEXT = 0, FORMAT_JSON = 1 };

int till_follow(struct pos *p, FILE *out, enum pos_format format);
int till_checkout(struct pos *p, FILE *out, enum pos_format format, const char *card, int64_t at);
int till_redeem(struct pos *p, FILE *out, enum pos_format format, const char *redemption_id,
		const char *card, const char *benefit, int32_t qty, int64_t at);
int till_score(struct pos *p, FILE *out, enum pos_format format, const char *card, int32_t asof);
int till_scores(struct pos *p, FILE *out, int32_t asof);
int till_kpi(struct pos *p, FILE *out, int32_t from, int32_t to);

/* JSON and CSV pieces */
void out_json_string(FILE *f, const char *s);
void out_json_date(FILE *f, int32_t date);
void out_csv_field(FILE *f, const char *s);
void out_money(FILE *f, int64_t amount);
void out_date(FILE *f, int32_t date);

#endif
